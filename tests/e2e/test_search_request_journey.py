"""A mentee finds a mentor by searching, sees her face, and writes why her (issue 15).

The mentor puts up her photo on her phone; the mentee searches the catalogue in
plain Russian, opens the card with the photo and asks with a note; the mentor
reads the note in her inbox. (Planning a session with a call link: featb's part.)
"""

import io

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from matching.models import Match
from tests import factories
from tests.accounts import photo_files
from tests.e2e.helpers import menu, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NOTE = "Я тоже была учителем и хочу в продуктовую аналитику — расскажете, с чего начать?"


def test_search_a_card_with_a_photo_a_request_with_a_note_read_in_the_inbox(
    page: Page, open_phone, tmp_path
):
    mentee = factories.MenteeFactory(user__full_name="Ольга Смирнова")
    mentor = factories.MentorFactory(
        user__full_name="Анна Шмидт",
        headline="Продуктовый аналитик в маркетплейсе",
        bio="Восемь лет преподавала в школе, теперь считаю метрики продукта.",
    )
    factories.MentorFactory(
        user__full_name="Пётр Волков", headline="Java-разработчик", bio="Пишу бэкенд."
    )

    # The mentor puts up a photo from her phone (with the phone's GPS in it).
    anna = open_phone()
    sign_in(anna, mentor.user)
    anna.goto("/accounts/profile/")
    anna.get_by_role("link", name="Добавить фото").click()
    picture = tmp_path / "anna.jpg"
    picture.write_bytes(photo_files.jpeg_with_gps())
    anna.get_by_label("Фотография").set_input_files(str(picture))
    anna.get_by_role("button", name="Загрузить").click()
    expect(anna.get_by_text("Фото сохранено.")).to_be_visible()
    mentor.user.refresh_from_db()
    assert mentor.user.photo

    # The mentee searches in an inflected form and finds her, with her face.
    sign_in(page, mentee.user)
    page.goto("/mentors/")
    page.get_by_label("Поиск").fill("аналитике")
    page.get_by_role("button", name="Показать").click()
    cards = page.locator(".mentor-card")
    expect(cards).to_have_count(1)
    expect(cards.first.locator(".card-title")).to_have_text("Анна Шмидт")
    face = cards.first.get_by_test_id("avatar-photo")
    expect(face).to_be_visible()
    assert face.evaluate("img => img.complete && img.naturalWidth") == 96

    # Her card: the large photo, and the request form with a note.
    cards.first.get_by_role("link", name="Анна Шмидт").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Анна Шмидт")
    large = page.get_by_test_id("avatar-photo")
    assert large.evaluate("img => img.complete && img.naturalWidth") == 512
    served = page.request.get(large.get_attribute("src"))
    assert served.ok
    assert not Image.open(io.BytesIO(served.body())).getexif()
    page.get_by_label("Несколько слов наставнику (необязательно)").fill(NOTE)
    page.get_by_role("button", name="Попросить о наставничестве").click()
    expect(page.get_by_text("Запрос отправлен наставнику.")).to_be_visible()
    match = Match.objects.get(mentee=mentee, mentor=mentor)
    assert (match.mentee_accepted, match.note) == (True, NOTE)

    # The mentor reads it in her inbox, next to the mentee's initials.
    menu(anna).get_by_role("link", name="Запросы", exact=True).click()
    request = anna.get_by_test_id("request")
    expect(request).to_have_count(1)
    expect(request.get_by_test_id("request-note")).to_contain_text(NOTE)
    expect(request.get_by_test_id("avatar-initials")).to_have_text("ОС")
