"""A person's photo (accounts/photos.py): PUT/DELETE /api/v1/me/photo/ and the page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

from accounts import photos
from matching import suggestions
from mentorship import matches
from tests import query_counts as q
from tests.accounts import photo_files as files
from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db

PHOTO = "/api/v1/me/photo/"


def _put(api, content: bytes, name: str = "me.jpg", content_type: str = "image/jpeg", **extra):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return api.put(PHOTO, {"photo": upload}, format="multipart", **extra)


def _stored(media_root) -> list:
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def test_a_photo_is_re_encoded_at_two_sizes_without_exif_or_gps(api, user, media_root):
    original = files.jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)
    api.force_authenticate(user)
    response = _put(api, original)
    assert response.status_code == 200, response.content
    assert response.json()["photo_url"].startswith("http://testserver/media/photos/")
    stored = _stored(media_root)
    assert len(stored) == 2
    for path in stored:
        data = path.read_bytes()
        image = Image.open(io.BytesIO(data))
        assert image.format == "JPEG"
        assert image.size in {(512, 512), (96, 96)}
        assert not image.getexif()
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo)
        assert b"Exif" not in data
        assert b"PhoneMaker" not in data
    user.refresh_from_db()
    assert user.photo.name.endswith("-512.jpg")
    assert user.photo_small.name.endswith("-96.jpg")


@pytest.mark.parametrize(
    ("fmt", "mode", "name", "content_type"),
    [
        ("PNG", "RGBA", "me.png", "image/png"),
        ("WEBP", "RGB", "me.webp", "image/webp"),
        ("JPEG", "L", "me.jpeg", "image/jpeg"),
    ],
)
def test_png_webp_and_greyscale_jpeg_are_taken(api, user, fmt, mode, name, content_type):
    api.force_authenticate(user)
    response = _put(api, files.picture(fmt, mode=mode), name, content_type)
    assert response.status_code == 200, response.content
    assert response.json()["photo_url"]


BAD_FILES = {
    "php named .jpg": (files.php_named_jpg, "shell.jpg", "не фотография"),
    "truncated jpeg": (files.truncated_jpeg, "cut.jpg", "повреждён"),
    "decompression bomb": (files.decompression_bomb, "bomb.png", "мегапикселей"),
    # Under Pillow's own bomb limit (~89 MP), over ours (40 MP): our check refuses it.
    "49 megapixels": (lambda: files.decompression_bomb(7000), "big.png", "мегапикселей"),
    "gif": (lambda: files.picture("GIF"), "me.gif", "JPEG, PNG или WebP"),
    "60 MB png": (lambda: files.padded_png(60 * 1024 * 1024), "huge.png", "не больше 5 МБ"),
    "just over 5 MB": (lambda: files.padded_png(5 * 1024 * 1024 + 1024), "big.png", "5 МБ"),
}


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_a_bad_file_is_a_400_on_photo_and_nothing_is_stored(api, user, media_root, case):
    make, name, words = BAD_FILES[case]
    api.force_authenticate(user)
    response = _put(api, make(), name)
    assert response.status_code == 400, response.content
    assert words in response.json()["photo"][0]
    assert _stored(media_root) == []
    user.refresh_from_db()
    assert not user.photo


def test_the_refusal_is_in_the_persons_language(api, user):
    api.force_authenticate(user)
    response = _put(api, files.php_named_jpg(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["photo"] == ["This is not a photo: a JPEG, PNG or WebP file will do."]
    big = _put(api, files.padded_png(6 * 1024 * 1024), "big.png", HTTP_ACCEPT_LANGUAGE="en")
    assert big.json()["photo"] == ["The file is too large: 5 MB at most."]


def test_no_file_or_an_empty_one_is_a_400(api, user):
    api.force_authenticate(user)
    assert "photo" in api.put(PHOTO, {}, format="multipart").json()
    assert _put(api, b"").status_code == 400


def test_a_new_photo_replaces_the_old_files_and_delete_removes_them(
    api, user, media_root, django_capture_on_commit_callbacks
):
    api.force_authenticate(user)
    with django_capture_on_commit_callbacks(execute=True):
        _put(api, files.picture("PNG"), "a.png", "image/png")
    first = _stored(media_root)
    with django_capture_on_commit_callbacks(execute=True):
        _put(api, files.jpeg_with_gps())
    second = _stored(media_root)
    assert len(second) == 2
    assert not set(first) & set(second)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(PHOTO)
    assert response.status_code == 200
    assert response.json() == {"photo_url": None}
    assert _stored(media_root) == []


def test_deleting_the_account_deletes_the_photo_files(
    api, user, media_root, django_capture_on_commit_callbacks
):
    api.force_authenticate(user)
    _put(api, files.jpeg_with_gps())
    assert len(_stored(media_root)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete("/api/v1/me/").status_code == 204
    assert _stored(media_root) == []


def test_the_photo_needs_sign_in(api):
    assert _put(api, files.jpeg_with_gps()).status_code == 401


def test_the_photo_is_served_by_the_app_and_cached_for_good(client, api, user):
    api.force_authenticate(user)
    url = _put(api, files.jpeg_with_gps()).json()["photo_url"].removeprefix("http://testserver")
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (512, 512)
    assert client.get(url.replace("-512.jpg", "-96.jpg")).status_code == 200
    missing = url.rsplit("/", 1)[0] + "/" + "0" * 32 + "-512.jpg"
    assert client.get(missing).status_code == 404
    for odd in ["/media/photos/../../settings.py", "/media/other/x.jpg", "/media/photos/1/a.php"]:
        assert client.get(odd).status_code == 404


def test_photo_url_on_the_public_card_me_and_the_match_answers(api, mentee, mentor):
    suggestions.suggestions_refresh(mentee_ids=[mentee.pk])
    api.force_authenticate(mentor.user)
    url = _put(api, files.jpeg_with_gps()).json()["photo_url"]
    assert api.get("/api/v1/me/").json()["photo_url"] == url
    assert api.get(f"/api/v1/mentors/{mentor.pk}/").json()["photo_url"] == url
    [card] = api.get("/api/v1/mentors/").json()["results"]
    assert card["photo_url"] == url
    api.force_authenticate(mentee.user)
    [match] = api.get("/api/v1/matches/").json()["results"]
    assert match["mentor"]["photo_url"] == url
    assert match["mentee"]["photo_url"] is None


def test_pages_show_the_photo_or_initials_on_a_colour(client, api, mentee, mentor):
    other = MentorFactory(user__full_name="Яна Ким")
    api.force_authenticate(mentor.user)
    _put(api, files.jpeg_with_gps())
    mentor.user.refresh_from_db()
    catalogue = client.get("/mentors/").content.decode()
    assert f'src="{mentor.user.photo_small.url}"' in catalogue
    assert (
        f'avatar-c{other.user.avatar_colour}" aria-hidden="true" data-testid="avatar-initials">ЯК<'
        in catalogue
    )
    assert f'src="{mentor.user.photo.url}"' in client.get(f"/mentors/{mentor.pk}/").content.decode()
    # The mentor's inbox shows the mentee (initials), the pair's page the mentor's photo.
    match = matches.match_request(user=mentee.user, mentor_id=mentor.pk)
    client.force_login(mentor.user)
    assert mentee.user.initials in client.get("/matches/inbox/").content.decode()
    match = matches.match_accept(user=mentor.user, match_id=match.pk)
    client.force_login(mentee.user)
    pair = client.get(f"/mentorships/{match.mentorship_id}/").content.decode()
    assert f'src="{mentor.user.photo_small.url}"' in pair


def test_the_photo_page_uploads_refuses_and_deletes(client, user, media_root):
    client.force_login(user)
    assert client.get("/accounts/profile/photo/").status_code == 200
    bad = client.post("/accounts/profile/photo/", {"photo": io.BytesIO(files.php_named_jpg())})
    assert bad.status_code == 400
    assert "не фотография" in bad.content.decode()
    upload = SimpleUploadedFile("me.jpg", files.jpeg_with_gps(), content_type="image/jpeg")
    response = client.post("/accounts/profile/photo/", {"photo": upload})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.photo
    assert 'data-testid="avatar-photo"' in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/profile/photo/delete/")
    user.refresh_from_db()
    assert not user.photo


def test_initials_take_the_first_letters_of_two_names():
    from accounts.models import User

    assert User(full_name="анна смирнова").initials == "АС"
    assert User(full_name="Жанна").initials == "Ж"
    assert User(full_name="  ").initials == "?"
    assert User(full_name="Мария Анна Петрова").initials == "МА"


def test_the_catalogue_with_photos_asks_the_database_as_often_for_30_as_for_3(api):
    def add(n: int) -> None:
        for _ in range(n):
            mentor = MentorFactory()
            mentor.user.photo = "photos/1/" + "a" * 32 + "-512.jpg"
            mentor.user.photo_small = "photos/1/" + "a" * 32 + "-96.jpg"
            mentor.user.save()

    def fetch(total: int) -> None:
        body = api.get("/api/v1/mentors/").json()
        assert body["count"] == total
        assert all(card["photo_url"] for card in body["results"])

    q.assert_flat(add, fetch)


def test_the_service_refuses_what_the_api_would(user):
    upload = SimpleUploadedFile("x.jpg", files.truncated_jpeg())
    with pytest.raises(photos.InvalidInput) as error:
        photos.photo_replace(user=user, upload=upload)
    assert error.value.field == "photo"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("ru", "Файл больше 5 МБ. Выберите фото поменьше."),
        ("en", "The file is larger than 5 MB. Choose a smaller photo."),
    ],
)
def test_a_too_large_file_on_the_page_shows_the_form_with_the_error(
    client, user, media_root, settings, language, text
):
    client.force_login(user)
    too_large = b"\xff\xd8" + b"0" * (settings.PHOTO_MAX_BYTES + 100 * 1024)
    upload = SimpleUploadedFile("big.jpg", too_large, content_type="image/jpeg")
    response = client.post(
        "/accounts/profile/photo/", {"photo": upload}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert text in page
    assert 'type="file"' in page  # the form again, to choose another file
    user.refresh_from_db()
    assert not user.photo
    assert _stored(media_root) == []
