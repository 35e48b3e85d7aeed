"""A person's photo: checked, decoded and re-encoded, stored, served and deleted.

Nothing a person uploads is stored as sent. The picture is decoded with Pillow
(JPEG, PNG or WebP only, a bounded number of pixels), turned upright by its
EXIF orientation, cropped square and encoded anew as JPEG at 512 and 96 px.
The new files carry no metadata: EXIF (GPS position, camera, time) and
comments stay behind with the original, which is never written anywhere.

Files go through Django's default storage (a local folder unless configured
otherwise, see settings) under random names, so a replaced photo gets a new
address and old copies in caches do not matter. They are deleted after the
transaction that let them go commits: replaced, removed, or the account deleted.
"""

import io
import logging
import uuid
import warnings
from collections.abc import Iterable

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.models import User
from core.errors import InvalidInput

log = logging.getLogger(__name__)

FORMATS = ("JPEG", "PNG", "WEBP")
# A photo of a face needs far fewer; more is refused before a pixel is decoded
# (a small file that unpacks into gigabytes: a "decompression bomb").
MAX_PIXELS = 40_000_000
SIZES = {"photo": 512, "photo_small": 96}
JPEG_QUALITY = 85
FOLDER = "photos"


def _refused(message: str) -> InvalidInput:
    return InvalidInput(message, field="photo")


def _decoded(upload) -> Image.Image:
    """The uploaded picture, fully decoded; InvalidInput for anything else."""
    not_a_picture = _refused(_("Это не фотография: подойдёт файл JPEG, PNG или WebP."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=FORMATS)
            if image.width * image.height > MAX_PIXELS:
                raise _refused(
                    _("Слишком большое изображение: не больше %(mp)s мегапикселей.")
                    % {"mp": MAX_PIXELS // 1_000_000}
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _refused(
            _("Слишком большое изображение: не больше %(mp)s мегапикселей.")
            % {"mp": MAX_PIXELS // 1_000_000}
        ) from error
    except UnidentifiedImageError as error:
        raise not_a_picture from error
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        # Pillow's words for a file cut short or damaged inside.
        raise _refused(_("Файл повреждён или обрезан — загрузите фотографию ещё раз.")) from error
    return image


def _square_jpeg(image: Image.Image, side: int) -> bytes:
    """The picture cropped to a centred square of `side` px, as a JPEG without metadata."""
    fitted = ImageOps.fit(image, (side, side), Image.Resampling.LANCZOS)
    # A fresh image: nothing of the original's info (EXIF, ICC, comments) comes along.
    clean = Image.new("RGB", fitted.size, "white")
    clean.paste(fitted, mask=fitted.getchannel("A") if fitted.mode == "RGBA" else None)
    out = io.BytesIO()
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def photo_images(upload) -> dict[str, bytes]:
    """The uploaded file re-encoded at each size (field name → JPEG bytes)."""
    image = _decoded(upload)
    upright = ImageOps.exif_transpose(image)
    transparent = "A" in upright.getbands() or "transparency" in upright.info
    upright = upright.convert("RGBA" if transparent else "RGB")
    return {field: _square_jpeg(upright, side) for field, side in SIZES.items()}


def photo_replace(*, user: User, upload) -> User:
    """Checks and re-encodes the upload and makes it the person's photo."""
    if upload.size > settings.PHOTO_MAX_BYTES:
        raise _refused(
            _("Файл слишком большой: не больше %(size)s МБ.")
            % {"size": settings.PHOTO_MAX_BYTES // (1024 * 1024)}
        )
    images = photo_images(upload)
    stem = f"{FOLDER}/{user.pk}/{uuid.uuid4().hex}"
    names = {
        field: default_storage.save(f"{stem}-{SIZES[field]}.jpg", ContentFile(data))
        for field, data in images.items()
    }
    try:
        with transaction.atomic():
            old = _photo_names(User.objects.select_for_update().filter(pk=user.pk))
            if not User.objects.filter(pk=user.pk).update(**names):
                raise User.DoesNotExist
            _delete_on_commit(old)
    except BaseException:
        _delete(names.values())
        raise
    user.refresh_from_db(fields=list(SIZES))
    return user


def photo_remove(*, user: User) -> User:
    """The person has no photo any more; its files go."""
    with transaction.atomic():
        old = _photo_names(User.objects.select_for_update().filter(pk=user.pk))
        User.objects.filter(pk=user.pk).update(**dict.fromkeys(SIZES, ""))
        _delete_on_commit(old)
    user.refresh_from_db(fields=list(SIZES))
    return user


def photos_forget(*, person: User) -> None:
    """The account is being deleted: its photo files go once the deletion commits."""
    _delete_on_commit(_photo_names(User.objects.filter(pk=person.pk)))


def _photo_names(users) -> list[str]:
    return [name for row in users.values_list(*SIZES) for name in row if name]


def _delete_on_commit(names: list[str]) -> None:
    if names:
        transaction.on_commit(lambda: _delete(names), robust=True)


def _delete(names: Iterable[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            log.warning("Could not delete the photo file %s", name)


def photo_url(user: User | None, *, request: HttpRequest | None = None) -> str | None:
    """The address of the person's 512 px photo, absolute when a request is given."""
    if user is None or not user.photo:
        return None
    url = user.photo.url
    return request.build_absolute_uri(url) if request is not None else url


# A stored photo's name: what the route below accepts and nothing else.
NAME_PATTERN = rf"{FOLDER}/\d+/[0-9a-f]{{32}}-(?:{'|'.join(str(s) for s in SIZES.values())})\.jpg"


def photo_file(request: HttpRequest, name: str) -> FileResponse:
    """Serves a stored photo (make run and production alike; no CDN needed).

    Its name is random and never reused, so it may be cached for good.
    """
    try:
        stored = default_storage.open(name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    response = FileResponse(stored, content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
