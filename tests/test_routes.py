"""Movement claims from composed Arabic sentences, with hand-made mentions."""

from __future__ import annotations

import random

import pytest

from geo import settings
from geo.model import Document, Endpoint, Mention, ParsedDocument, Place, Route, Span
from geo.routes import corroborate, extract_routes, route_row, same_movement
from geo.routes.corroborate import claim_distance_km, corroborating_claims

HOMS = Place("t:homs", "Homs", "حمص", "city", 34.7324, 36.7137)
ALEPPO = Place("t:aleppo", "Aleppo", "حلب", "city", 36.2021, 37.1343)
DARAA = Place("t:daraa", "Daraa", "درعا", "city", 32.6189, 36.1021)
DAMASCUS = Place("t:damascus", "Damascus", "دمشق", "city", 33.5138, 36.2765)
RAQQA = Place("t:raqqa", "Raqqa", "الرقة", "city", 35.9528, 39.0079)
RAQQA_NEARBY = Place("t:raqqa-2", "Raqqa", "الرقة", "city", 35.95, 39.02)
HASAKAH = Place("t:hasakah", "Hasakah", "الحسكة", "city", 36.5024, 40.7477)
TURKEY = Place("t:tur", "Turkey", "تركيا", "country", 39.0, 35.0, country="TR")
RUSSIA = Place("t:rus", "Russia", "روسيا", "country", 61.0, 99.0, country="RU")
TAL_RIFAAT = Place("t:tal-rifaat", "Tal Rifaat", "تل رفعت", "town", 36.4697, 37.0972)
MAREA = Place("t:marea", "Marea", "مارع", "town", 36.5806, 37.1992)
AZAZ = Place("t:azaz", "Azaz", "اعزاز", "town", 36.5866, 37.0463)
ALEPPO_NORTH = Place(
    "region:aleppo-n", "Northern countryside of Aleppo", "ريف حلب الشمالي", "region", 36.45, 37.1
)
RASTAN = Place("t:rastan", "al-Rastan", "الرستن", "town", 34.9267, 36.7325)
AL_BAB = Place("t:al-bab", "al-Bab", "الباب", "town", 36.3705, 37.5157)


def make(
    text: str, places: dict[str, Place], *, doc_id: str = "doc", date: str = "2019-03-01"
) -> tuple[Document, list[Mention]]:
    """A document and mentions of every occurrence of each surface string given."""
    document = Document(id=doc_id, path=f"{doc_id}.txt", text=text, metadata={"date": date})
    mentions = []
    for surface, place in places.items():
        start = text.find(surface)
        assert start >= 0, surface
        while start >= 0:
            mentions.append(
                Mention(surface, start, start + len(surface), place=place, confidence=0.9)
            )
            start = text.find(surface, start + len(surface))
    mentions.sort(key=lambda mention: mention.start)
    return document, mentions


def routes_of(text: str, places: dict[str, Place], **kwargs: str) -> list[Route]:
    document, mentions = make(text, places, **kwargs)
    routes = extract_routes(document, mentions)
    for route in routes:
        assert route.evidence is not None
        assert route.evidence.text == text[route.evidence.start : route.evidence.end]
        assert route.evidence.start <= route.trigger.start < route.trigger.end <= route.evidence.end
        assert route.trigger.text == text[route.trigger.start : route.trigger.end]
    return routes


def names(endpoints) -> list[str]:
    return [endpoint.place.name if endpoint.place else endpoint.text for endpoint in endpoints]


def test_departure_from_origin_to_region():
    text = "خرج مئات المدنيين من مدينة حمص باتجاه ريف حلب الشمالي."
    (route,) = routes_of(text, {"حمص": HOMS, "ريف حلب الشمالي": ALEPPO_NORTH})
    assert names(route.origins) == ["Homs"]
    assert names(route.destinations) == ["Northern countryside of Aleppo"]
    assert route.destinations[0].kind == "region"
    assert route.movement == "departure"
    assert route.mover_label == "civilians"
    assert route.id == "doc:r1"
    assert route.time == "2019-03-01"


@pytest.mark.parametrize(
    ("sentence", "movement"),
    [
        ("خروج المقاتلين من درعا إلى دمشق تم بعد الاتفاق.", "departure"),
        ("وخرجوا من درعا إلى دمشق بعد الاتفاق.", "departure"),
        ("يخرجون من درعا إلى دمشق كل صباح.", "departure"),
        ("خ\u064eر\u064eج\u064e المقاتلون من درعا إلى دمشق.", "departure"),
        ("نقلت الحافلات الجرحى من درعا إلى دمشق.", "transfer"),
        ("ينقل الهلال الأحمر المصابين من درعا إلى دمشق.", "transfer"),
        ("بدأ ترحيل العائلات من درعا إلى دمشق.", "deportation"),
        ("جرى إجلاء الجرحى من درعا إلى دمشق.", "evacuation"),
        ("انسحبت القوات من درعا إلى دمشق.", "withdrawal"),
        ("أعلن انسحاب القوات من درعا إلى دمشق.", "withdrawal"),
        ("نزح الآلاف من درعا إلى دمشق.", "displacement"),
        ("تواصل نزوح الأهالي من درعا إلى دمشق.", "displacement"),
        ("فر المدنيون من درعا إلى دمشق.", "flight"),
        ("يفرون من درعا إلى دمشق.", "flight"),
        ("هروب العائلات من درعا إلى دمشق مستمر.", "flight"),
        ("تم تهريب الأسلحة من درعا إلى دمشق.", "smuggling"),
        ("إرسال الشاحنات من درعا إلى دمشق.", "transfer"),
        ("انتقل المقاتلون من درعا إلى دمشق.", "transfer"),
        ("لتسهيل انتقالهم من درعا إلى دمشق.", "transfer"),
        ("عبور القوافل من درعا إلى دمشق.", "crossing"),
        ("يعبرون من درعا إلى دمشق ليلا.", "crossing"),
        ("توجه المسلحون من درعا إلى دمشق.", "heading"),
        ("إدخال المساعدات من درعا إلى دمشق.", "delivery"),
        ("عودة النازحين من درعا إلى دمشق.", "return"),
    ],
)
def test_trigger_forms(sentence: str, movement: str):
    (route,) = routes_of(sentence, {"درعا": DARAA, "دمشق": DAMASCUS})
    assert route.movement == movement
    assert names(route.origins) == ["Daraa"]
    assert names(route.destinations) == ["Damascus"]


@pytest.mark.parametrize("marker", ["باتجاه", "نحو", "إلى", "الى", "ناحية", "صوب", "اتجاه", "حتى"])
def test_destination_markers(marker: str):
    (route,) = routes_of(f"خرج المقاتلون من حمص {marker} حلب.", {"حمص": HOMS, "حلب": ALEPPO})
    assert names(route.origins) == ["Homs"]
    assert names(route.destinations) == ["Aleppo"]


@pytest.mark.parametrize("marker", ["عبر", "مروراً عبر", "مروراً ب", "من خلال", "عن طريق"])
def test_via_markers(marker: str):
    text = f"نقلت الحافلات المعتقلين من درعا إلى الحسكة {marker}حمص."
    if not marker.endswith("ب"):
        text = f"نقلت الحافلات المعتقلين من درعا إلى الحسكة {marker} حمص."
    (route,) = routes_of(text, {"درعا": DARAA, "الحسكة": HASAKAH, "حمص": HOMS})
    assert names(route.via) == ["Homs"]
    assert names(route.destinations) == ["Hasakah"]


def test_origin_markers_qadimin_and_kharij():
    text = "وصل مئات المقاتلين إلى إدلب قادمين من حمص."
    idlib = Place("t:idlib", "Idlib", "إدلب", "city", 35.93, 36.63)
    (route,) = routes_of(text, {"إدلب": idlib, "حمص": HOMS})
    assert names(route.origins) == ["Homs"] and names(route.destinations) == ["Idlib"]
    text = "سمح التنظيم للأهالي بالخروج خارج الحسكة."
    (route,) = routes_of(text, {"الحسكة": HASAKAH})
    assert names(route.origins) == ["Hasakah"]


def test_enumeration_inherits_role():
    text = "نزح السكان إلى كل من حمص وحلب، ودرعا."
    (route,) = routes_of(text, {"حمص": HOMS, "حلب": ALEPPO, "درعا": DARAA})
    assert names(route.destinations) == ["Homs", "Aleppo", "Daraa"]


def test_scene_enumeration_is_inferred_origin():
    text = (
        "أبرمت الفصائل اتفاقاً في كل من قرى وبلدات (تل رفعت، مارع، اعزاز) "
        "وينص الاتفاق على خروج المقاتلين باتجاه تركيا."
    )
    (route,) = routes_of(
        text, {"تل رفعت": TAL_RIFAAT, "مارع": MAREA, "اعزاز": AZAZ, "تركيا": TURKEY}
    )
    assert names(route.origins) == ["Tal Rifaat", "Marea", "Azaz"]
    assert all(endpoint.inferred for endpoint in route.origins)
    assert "origin inferred" in route.origins[0].note
    assert names(route.destinations) == ["Turkey"]
    assert route.destinations[0].kind == "country"
    assert not route.destinations[0].inferred


def test_no_origin_is_inferred_from_another_sentence():
    # Where the article is set is not what this sentence says the movement left: no line.
    text = "تدور معارك عنيفة في مدينة الرستن منذ أسابيع.\n\nوبدأ ترحيل الجرحى باتجاه حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert route.origins == []
    assert names(route.destinations) == ["Homs"]


def test_a_place_that_says_where_another_lies_is_no_endpoint():
    text = "وصلت الحافلات من حمص إلى الباب بريف حلب."
    (route,) = routes_of(text, {"حمص": HOMS, "الباب": AL_BAB, "ريف حلب": ALEPPO})
    assert names(route.origins) == ["Homs"] and names(route.destinations) == ["al-Bab"]


def test_the_people_of_a_place_moved_from_it():
    text = "وصل أهالي الرستن إلى حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.origins) == ["al-Rastan"] and names(route.destinations) == ["Homs"]


def test_where_the_convoy_waited_is_a_stop_on_the_way():
    text = "وصلت الحافلات إلى حمص بعد انتظار دام ساعات في منطقة الرستن."
    (route,) = routes_of(text, {"حمص": HOMS, "الرستن": RASTAN})
    assert names(route.destinations) == ["Homs"] and names(route.via) == ["al-Rastan"]


def test_a_later_movement_word_without_an_origin_continues_the_movement():
    text = "خرجت القافلة من الرستن وسلكت طريق حمص لتصل إلى الباب."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS, "الباب": AL_BAB})
    assert names(route.origins) == ["al-Rastan"]
    assert names(route.via) == ["Homs"] and names(route.destinations) == ["al-Bab"]


def test_location_before_departure_in_same_sentence():
    text = "نص الاتفاق الموقع في مدينة الرقة على خروج العناصر وعائلاتهم."
    (route,) = routes_of(text, {"الرقة": RAQQA})
    assert names(route.origins) == ["Raqqa"] and route.origins[0].inferred
    assert route.mover_label == "members, families"


def test_back_reference_tilka_and_arrival_continue_one_route():
    text = (
        "خرج المقاتلون باتجاه ريف حلب الشمالي والحسكة، ووصلوا إلى تلك المناطق "
        "وهي (تل رفعت، مارع) مروراً عبر مناطق سيطرة النظام."
    )
    places = {
        "ريف حلب الشمالي": ALEPPO_NORTH,
        "الحسكة": HASAKAH,
        "تل رفعت": TAL_RIFAAT,
        "مارع": MAREA,
    }
    (route,) = routes_of(text, places)
    assert names(route.destinations) == [
        "Northern countryside of Aleppo",
        "Hasakah",
        "Tal Rifaat",
        "Marea",
    ]
    (zone,) = route.via
    assert zone.kind == "zone" and zone.place is None
    assert "Syrian government" in zone.note


def test_back_reference_hadhihi_and_ilayha():
    text = "توجهت القوافل نحو حلب، ومن المتوقع الدخول إليها عبر معبر باب السلامة."
    (route,) = routes_of(text, {"حلب": ALEPPO})
    assert names(route.destinations) == ["Aleppo"]
    text = "اقتربت المعارك من حمص وحلب، وبدأ نزوح الأهالي من هذه المناطق إلى درعا."
    (route,) = routes_of(text, {"حمص": HOMS, "حلب": ALEPPO, "درعا": DARAA})
    assert names(route.origins) == ["Homs", "Aleppo"]
    assert "هذه المناطق" in route.origins[0].note


def test_back_reference_minha_is_a_new_movement():
    text = "دخلت القوات إلى الرقة ثم انسحبت منها بعد يومين."
    first, second = routes_of(text, {"الرقة": RAQQA})
    assert names(first.destinations) == ["Raqqa"] and first.movement == "entry"
    assert names(second.origins) == ["Raqqa"] and second.movement == "withdrawal"


def test_back_reference_fiha_is_the_scene():
    text = "حوصر المدنيون في مدينة الرستن لأشهر، وتم إجلاء الجرحى فيها إلى حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.origins) == ["al-Rastan"]
    assert names(route.destinations) == ["Homs"]


def test_control_zones_and_pronoun_zone():
    text = "هرب المدنيون من مناطق سيطرة النظام إلى المناطق المحررة."
    (route,) = routes_of(text, {})
    assert [endpoint.kind for endpoint in route.origins] == ["zone"]
    assert route.origins[0].note == "areas held by Syrian government"
    assert route.destinations[0].note == "opposition-held areas"
    text = "سمح التنظيم للأهالي بالخروج خارج مناطق سيطرته نحو الحسكة."
    (route,) = routes_of(text, {"الحسكة": HASAKAH})
    assert route.origins[0].note == "areas held by ISIS"
    text = 'وصلت العائلات إلى مناطق سيطرة ميليشيا "قسد" قادمة من الرقة.'
    (route,) = routes_of(text, {"الرقة": RAQQA})
    assert route.destinations[0].note == "areas held by SDF"
    assert names(route.origins) == ["Raqqa"]


@pytest.mark.parametrize(
    ("prefix", "status"),
    [
        # Unnamed sources, witnesses and beliefs: alleged, as analysts read them.
        ("أفادت مصادر محلية بأنه", "alleged"),
        ("ويقول شهود عيان إنه", "alleged"),
        ("وردتنا معلومات بأنه", "alleged"),
        ("ي\u064fعتقد أنه", "alleged"),
        # A named source: reported; an official statement: confirmed.
        ("أفادت وكالة الأنباء بأنه", "reported"),
        ("أعلنت وزارة الدفاع أنه", "confirmed"),
        ("في إطار اتفاق سري", "alleged"),
        ("ومن المقرر أنه", "alleged"),
        ("ونفت الفصائل أنه", "denied"),
        ("أفادت مصادر بأنه وفي إطار صفقة سرية", "alleged"),
        ("أعلنت القيادة بحسب مصادر أنه", "alleged"),
        ("", "reported"),
    ],
)
def test_status_from_sentence_hedges(prefix: str, status: str):
    text = f"{prefix} تم نقل المعتقلين من حمص إلى دمشق."
    (route,) = routes_of(text, {"حمص": HOMS, "دمشق": DAMASCUS})
    assert route.status == status
    assert bool(route.status_cue) == bool(prefix)


def test_status_from_paragraph_and_from_a_secret_deal():
    text = "كشفت تفاصيل صفقة سرية لم تعترف بها أي جهة. وتم نقل المقاتلين من حمص إلى دمشق."
    (route,) = routes_of(text, {"حمص": HOMS, "دمشق": DAMASCUS})
    assert route.status == "alleged"
    text = (
        "عقدت الأطراف صفقة سرية لم تعترف بها أي جهة.\n\n"
        "ونصت الصفقة على نقل المقاتلين من حمص إلى دمشق.\n\n"
        "وتم نقل الجرحى من درعا إلى دمشق."
    )
    first, second = routes_of(text, {"حمص": HOMS, "دمشق": DAMASCUS, "درعا": DARAA})
    assert first.status == "alleged"
    assert second.status == "reported" and second.status_cue == ""


def test_time_expressions():
    text = "خرج المقاتلون من الرقة إلى حمص نهاية عام 2017."
    (route,) = routes_of(text, {"الرقة": RAQQA, "حمص": HOMS})
    assert route.time == "نهاية عام 2017"
    text = "نزح الأهالي من حلب إلى اعزاز خلال الأيام الماضية."
    (route,) = routes_of(text, {"حلب": ALEPPO, "اعزاز": AZAZ})
    assert route.time == "خلال الأيام الماضية"


@pytest.mark.parametrize(
    "text",
    [
        "تقع مدينة حمص وسط سوريا وتبعد عن حلب مئتي كيلومتر.",
        "منع المدنيين من الخروج من حلب.",
        "تواصل الفصائل منع المدنيين من الخروج من حلب باتجاه تركيا.",
        "فرض التنظيم حصاراً على حلب يمنعهم من الخروج إلى تركيا.",
        "ويمنعوا من الاتصال مع أقاربهم أو الخروج من حلب.",
        "لم يتمكن الأهالي من الخروج من حلب.",
        "يحاول المدنيون الخروج من حلب إلا أن الفصائل تمنعهم.",
        "دعا مسؤول في حلب إلى الخروج من الأزمة.",
        "قصفت روسيا مدينة حلب وقصفت تركيا ريف حلب الشمالي.",
    ],
)
def test_no_route(text: str):
    places = {
        "حلب": ALEPPO,
        "حمص": HOMS,
        "تركيا": TURKEY,
        "روسيا": RUSSIA,
        "ريف حلب الشمالي": ALEPPO_NORTH,
    }
    present = {surface: place for surface, place in places.items() if surface in text}
    if "ريف حلب الشمالي" in text:
        present.pop("حلب")
    assert routes_of(text, present) == []


def test_country_as_actor_and_as_destination():
    text = "خرج المدنيون من حلب باتجاه تركيا بسبب قصف روسيا."
    (route,) = routes_of(text, {"حلب": ALEPPO, "تركيا": TURKEY, "روسيا": RUSSIA})
    assert names(route.destinations) == ["Turkey"]
    assert "Russia" not in names(route.origins + route.destinations + route.via)
    assert "Russia" in [actor.name for actor in route.actors]


def test_actors_have_canonical_names():
    text = "أشرف التحالف الدولي على خروج عناصر داعش من الرقة باتجاه مناطق قسد."
    (route,) = routes_of(text, {"الرقة": RAQQA})
    assert {"US-led coalition", "ISIS"} <= {actor.name for actor in route.actors}
    assert route.destinations[0].note == "areas held by SDF"


def test_skip_spans_are_ignored():
    text = "خرج المقاتلون من حمص إلى حلب. اقرأ أيضا: نزوح الأهالي من درعا إلى دمشق"
    document, mentions = make(text, {"حمص": HOMS, "حلب": ALEPPO, "درعا": DARAA, "دمشق": DAMASCUS})
    document.skip = [(text.index("اقرأ"), len(text))]
    (route,) = extract_routes(document, mentions)
    assert names(route.origins) == ["Homs"]


def test_unresolved_mention_is_kept_as_endpoint():
    text = "نزح الأهالي من قرية الزيتونة إلى حمص."
    document, mentions = make(text, {"حمص": HOMS})
    start = text.index("الزيتونة")
    mentions.insert(0, Mention("الزيتونة", start, start + len("الزيتونة"), reason="no candidate"))
    (route,) = extract_routes(document, mentions)
    assert route.origins[0].place is None and route.origins[0].text == "الزيتونة"


def test_route_row_and_dict():
    text = "أفادت مصادر بخروج المقاتلين من حمص عبر حماة إلى حلب."
    hama = Place("t:hama", "Hama", "حماة", "city", 35.13, 36.75)
    (route,) = routes_of(text, {"حمص": HOMS, "حماة": hama, "حلب": ALEPPO})
    row = route_row(route)
    assert row["route"] == "حمص (Homs) → حماة (Hama) → حلب (Aleppo)"
    assert row["status"] == "alleged"  # unnamed sources
    assert "المقاتلين" in row["mover"] and "fighters" in row["mover"]
    assert row["quote"] == text
    data = route.to_dict()
    assert data["evidence"]["text"] == text
    assert data["origins"][0]["place"]["name"] == "Homs"


def parsed(doc_id: str, text: str, places: dict[str, Place]) -> ParsedDocument:
    document, mentions = make(text, places, doc_id=doc_id)
    return ParsedDocument(document, mentions, extract_routes(document, mentions))


def test_corroboration_links_two_outlets_both_ways():
    first = parsed("a", "نص الاتفاق في مدينة الرقة على خروج العناصر وعائلاتهم.", {"الرقة": RAQQA})
    second = parsed("b", "وكان الاتفاق قد نص على خروج المقاتلين من الرقة.", {"الرقة": RAQQA_NEARBY})
    other = parsed("c", "نزح المدنيون من الرقة إلى الحسكة.", {"الرقة": RAQQA, "الحسكة": HASAKAH})
    far = parsed("d", "خرج المقاتلون من درعا.", {"درعا": DARAA})
    corroborate([first, second, other, far])
    assert first.routes[0].corroborated_by == ["b:r1"]
    assert second.routes[0].corroborated_by == ["a:r1"]
    assert other.routes[0].corroborated_by == []
    assert far.routes[0].corroborated_by == []
    assert route_row(first.routes[0])["corroborated"] == "reported in 2 documents: b:r1"


def test_route_row_counts_every_corroboration_when_the_list_is_capped():
    text = "أفادت مصادر بخروج المقاتلين من حمص إلى حلب."
    (route,) = routes_of(text, {"حمص": HOMS, "حلب": ALEPPO})
    route.corroborated_by = ["x:r1", "y:r2"]
    route.corroboration_count, route.corroborating_documents = 7, 6
    assert route_row(route)["corroborated"] == "reported in 7 documents: x:r1, y:r2 and 5 more"


def test_corroboration_reads_distance_at_call_time(monkeypatch: pytest.MonkeyPatch):
    first = parsed("a", "خرج المقاتلون من الرقة.", {"الرقة": RAQQA})
    second = parsed("b", "خرج المقاتلون من الرقة.", {"الرقة": RAQQA_NEARBY})
    monkeypatch.setattr(settings, "CORROBORATION_KM", 0.1)
    corroborate([first, second])
    assert first.routes[0].corroborated_by == []


def test_corroboration_needs_compatible_movers_and_matching_destinations():
    people = parsed("a", "خرج المقاتلون من الرقة إلى حمص.", {"الرقة": RAQQA, "حمص": HOMS})
    goods = parsed("b", "خرجت الشاحنات من الرقة إلى حمص.", {"الرقة": RAQQA_NEARBY, "حمص": HOMS})
    elsewhere = parsed(
        "c", "خرج المقاتلون من الرقة إلى حلب.", {"الرقة": RAQQA_NEARBY, "حلب": ALEPPO}
    )
    corroborate([people, goods, elsewhere])
    assert people.routes[0].corroborated_by == []


def brute_force_corroborate(parsed: list[ParsedDocument]) -> dict[str, tuple]:
    """The pairwise definition of ``corroborate``, the reference for the bucketed one.

    Per route (by position): the number of matching claims of other documents, of their
    documents, of their outlets other than the route's own, and every match, nearest first
    (``claim_distance_km`` to the metre), then in corpus order.
    """
    routes = [(document.document, route) for document in parsed for route in document.routes]
    limit_km = settings.CORROBORATION_KM
    found: list[tuple] = []
    for document_a, route_a in routes:
        matches = [
            (round(claim_distance_km(route_a, route_b) * 1000), position, document_b, route_b)
            for position, (document_b, route_b) in enumerate(routes)
            if document_b.id != document_a.id and same_movement(route_a, route_b, limit_km=limit_km)
        ]
        matches.sort(key=lambda match: match[:2])
        outlets = {d.outlet for _, _, d, _ in matches if d.outlet and d.outlet != document_a.outlet}
        found.append(
            (
                len(matches),
                len({d.id for _, _, d, _ in matches}),
                len(outlets),
                [route_b.id for _, _, _, route_b in matches],
            )
        )
    return found


def corroboration_of(parsed: list[ParsedDocument]) -> list[tuple]:
    return [
        (
            route.corroboration_count,
            route.corroborating_documents,
            route.corroborating_outlets,
            route.corroborated_by,
        )
        for document in parsed
        for route in document.routes
    ]


#: Unresolved names, with one written twice (diacritics and a hamza form fold together).
_UNRESOLVED = ("تل\u0651 ابيض", "تل ابيض", "أعزاز", "اعزاز", "بلدة مجهولة")
_ZONES = ("areas held by SDF", "areas held by ISIS", "")
_MOVER_LABELS = ("", "fighters", "civilians", "trucks/aid", "weapons, fighters", "families")


def random_corpus(
    rng: random.Random, *, routes: int, documents: int, limit_km: float
) -> list[ParsedDocument]:
    """Claims with endpoints clustered around a few centres, at distances near the limit."""
    centres = [(rng.uniform(32.5, 37.0), rng.uniform(35.7, 42.0)) for _ in range(6)]
    places: list[Place] = []
    for number in range(60):
        lat, lon = rng.choice(centres)
        spread = limit_km / 111.0 * rng.choice((0.3, 0.8, 1.5))
        lat_lon = (lat + rng.uniform(-spread, spread), lon + rng.uniform(-spread, spread))
        if number % 17 == 0:
            lat_lon = (None, None)  # type: ignore[assignment]
        name = f"Place {number % 45}"  # some names shared by different places
        places.append(Place(f"p:{number}", name, f"مكان{number}", "village", *lat_lon))
    countries = [TURKEY, RUSSIA, Place("t:tur-2", "turkey", "تركيا", "country", None, None)]

    def endpoint() -> Endpoint:
        draw = rng.random()
        if draw < 0.1:
            return Endpoint("مناطق سيطرة", 0, 1, None, "zone", note=rng.choice(_ZONES))
        if draw < 0.22:
            return Endpoint(rng.choice(_UNRESOLVED), 0, 1)
        if draw < 0.3:
            country = rng.choice(countries)
            return Endpoint(country.name_ar, 0, 1, country, "country")
        place = rng.choice(places)
        text = rng.choice((place.name_ar, *_UNRESOLVED[:2]))
        return Endpoint(text, 0, 1, place, "place")

    def ends() -> list[Endpoint]:
        return [endpoint() for _ in range(rng.choice((0, 1, 1, 1, 2)))]

    corpus = [
        ParsedDocument(Document(id=f"d{number % (documents - 3)}", path="", text=""))
        for number in range(documents)
    ]
    for number in range(routes):
        parsed = rng.choice(corpus)
        route = Route(
            id=f"{parsed.document.id}:r{len(parsed.routes) + 1}",
            doc_id=parsed.document.id,
            trigger=Span("خرج", 0, 3),
            mover=None,
            mover_label=rng.choice(_MOVER_LABELS),
            origins=ends(),
            destinations=ends(),
            movement=rng.choice(("departure", "departure", "transfer")),
        )
        if number % 50 == 0:
            route.corroborated_by.append("earlier:r1")
        parsed.routes.append(route)
    return corpus


@pytest.mark.parametrize(
    ("seed", "limit_km"), [(1, 25.0), (2, 25.0), (3, 3.0), (4, 0.0), (5, 21_000.0), (6, -1.0)]
)
def test_corroboration_equals_pairwise_definition(
    monkeypatch: pytest.MonkeyPatch, seed: int, limit_km: float
):
    monkeypatch.setattr(settings, "CORROBORATION_KM", limit_km)
    monkeypatch.setattr(settings, "CORROBORATION_LIST", 4)
    corpus = random_corpus(random.Random(seed), routes=300, documents=50, limit_km=limit_km or 5.0)
    expected = brute_force_corroborate(corpus)
    corroborate(corpus)
    got = corroboration_of(corpus)
    assert [item[:3] for item in got] == [item[:3] for item in expected]
    assert [item[3] for item in got] == [item[3][:4] for item in expected]
    assert sum(item[0] for item in expected) > 100  # the corpus does make links
    assert any(item[0] > 4 for item in expected)  # and some lists are capped
    # Every match of a claim, in the same order, on demand.
    for document in corpus[:5]:
        for route in document.routes:
            position = [r for d in corpus for r in d.routes].index(route)
            assert corroborating_claims(corpus, route) == expected[position][3]


def test_corroboration_lists_all_when_asked_and_counts_outlets(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(settings, "CORROBORATION_KM", 25.0)
    corpus = random_corpus(random.Random(9), routes=200, documents=30, limit_km=25.0)
    for number, document in enumerate(corpus):
        document.document.metadata["outlet"] = f"outlet {number % 4}" if number % 5 else ""
    expected = brute_force_corroborate(corpus)
    corroborate(corpus, listed=1_000)
    assert corroboration_of(corpus) == [tuple(item) for item in expected]
    assert any(item[2] for item in expected) and any(item[1] > item[2] for item in expected)
    corroborate(corpus, listed=0)  # again: replaced, not added to
    assert all(not route.corroborated_by for d in corpus for route in d.routes)
    assert [item[:3] for item in corroboration_of(corpus)] == [item[:3] for item in expected]


def test_corroboration_in_small_blocks_counts_outlets_alike(monkeypatch: pytest.MonkeyPatch):
    # Small blocks: every claim's matches read off the bitsets in blocks of their own.
    import sys

    module = sys.modules["geo.routes.corroborate"]
    monkeypatch.setattr(settings, "CORROBORATION_KM", 25.0)
    corpus = random_corpus(random.Random(11), routes=200, documents=30, limit_km=25.0)
    for number, document in enumerate(corpus):
        document.document.metadata["outlet"] = f"outlet {number % 7}" if number % 5 else ""
    expected = brute_force_corroborate(corpus)
    monkeypatch.setattr(module, "_BLOCK_BITS", 4)
    corroborate(corpus, listed=1_000)
    assert corroboration_of(corpus) == [tuple(item) for item in expected]
    assert any(item[2] > 1 for item in expected)


def test_corroboration_with_zero_distance_and_missing_coordinates(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(settings, "CORROBORATION_KM", 0.0)
    first = parsed("a", "خرج المقاتلون من الرقة.", {"الرقة": RAQQA})
    twin = Place("t:raqqa-3", "Raqqa", "الرقة", "city", RAQQA.lat, RAQQA.lon)
    second = parsed("b", "خرج المقاتلون من الرقة.", {"الرقة": twin})
    nowhere = Place("t:raqqa-4", "Raqqa", "الرقة", "city", None, None)
    third = parsed("c", "خرج المقاتلون من الرقة.", {"الرقة": nowhere})
    unresolved = parsed("d", "خرج المقاتلون من الرقة.", {"الرقة": None})  # type: ignore[dict-item]
    corroborate([first, second, third, unresolved])
    assert first.routes[0].corroborated_by == ["b:r1", "d:r1"]
    assert third.routes[0].corroborated_by == ["d:r1"]
    assert unresolved.routes[0].corroborated_by == ["a:r1", "b:r1", "c:r1"]


def test_fi_after_a_direction_marker_takes_its_role():
    # "إلى مستودعات في حمص": the warehouses are in Homs, so Homs is where the trucks went.
    routes = routes_of(
        "دخلت شاحنات المساعدات من الرستن ثم توجهت إلى مستودعات في حمص.",
        {"الرستن": RASTAN, "حمص": HOMS},
    )
    assert len(routes) == 1
    assert names(routes[0].origins) == ["al-Rastan"]
    assert names(routes[0].destinations) == ["Homs"]


def test_residents_of_a_place_are_movers_from_it():
    routes = routes_of("نزح المئات من سكان مدينة الرستن نحو الحدود التركية.", {"الرستن": RASTAN})
    assert len(routes) == 1
    assert names(routes[0].origins) == ["al-Rastan"]
    assert [(e.kind, e.text) for e in routes[0].destinations] == [("zone", "الحدود التركية")]


def test_stages_make_the_first_destination_a_stop_on_the_way():
    text = "وصلت الحافلات إلى الرستن قبل أن تتوجه إلى حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.destinations) == ["Homs"] and names(route.via) == ["al-Rastan"]


def test_from_after_a_quantity_is_not_an_origin():
    text = "وصلت الحافلات إلى حمص بعد انتظار دام أكثر من 24 ساعة في منطقة الرستن."
    (route,) = routes_of(text, {"حمص": HOMS, "الرستن": RASTAN})
    assert route.origins == [] and names(route.via) == ["al-Rastan"]


def test_the_people_named_before_the_movement_word_give_its_origin():
    text = "تستعد القافلة من مهجري مدينة الرستن للدخول إلى مدينة حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.origins) == ["al-Rastan"] and names(route.destinations) == ["Homs"]


def test_the_object_of_an_evacuation_is_its_origin():
    text = "بدأت عملية إخلاء مدينة الرستن باتجاه حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.origins) == ["al-Rastan"] and names(route.destinations) == ["Homs"]


def test_a_noun_ending_in_ta_marbuta_is_not_a_movement_verb():
    # "رحلة" is a journey; folded it reads like "رحله" (he deported him).
    text = "بعد رحلة شاقة من حمص إلى حلب."
    assert routes_of(text, {"حمص": HOMS, "حلب": ALEPPO}) == []


def test_a_range_of_places_is_no_line():
    text = "نزح الأهالي من ريف حمص، خاصة من القرى الممتدة من الرستن حتى حماة."
    hama = Place("t:hama", "Hama", "حماة", "city", 35.13, 36.75)
    (route,) = routes_of(text, {"ريف حمص": HOMS, "الرستن": RASTAN, "حماة": hama})
    assert route.destinations == []


def test_a_hashtag_does_not_part_a_marker_from_its_place():
    text = "نزح الأهالي من الرستن إلى #حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.destinations) == ["Homs"]


def test_where_a_heading_convoy_was_ambushed_lies_on_its_way():
    text = "تعرضت الحافلة لكمين على الطريق العام في بلدة الرستن أثناء توجهها نحو مدينة حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.via) == ["al-Rastan"] and names(route.destinations) == ["Homs"]
    assert route.origins == []


def test_the_road_a_convoy_took_lies_on_its_way():
    text = "خرجت القافلة من الرستن، وسلكت طريق حماة لتصل إلى حلب."
    hama = Place("t:hama", "Hama", "حماة", "city", 35.13, 36.75)
    (route,) = routes_of(text, {"الرستن": RASTAN, "حماة": hama, "حلب": ALEPPO})
    assert names(route.origins) == ["al-Rastan"]
    assert names(route.via) == ["Hama"] and names(route.destinations) == ["Aleppo"]


def test_the_subject_with_its_origin_before_the_verb():
    text = "وأضافت الوكالة أن 15 حافلة تقل الأهالي من الرستن وصلت إلى حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.origins) == ["al-Rastan"] and names(route.destinations) == ["Homs"]


# -- the ways real reports state movement, composed ----------------------------------------

EUPHRATES = Place("t:euphrates", "Euphrates", "الفرات", "river", 35.5, 39.5)
HAMA = Place("t:hama", "Hama", "حماة", "city", 35.1318, 36.7578)


def test_a_place_that_witnessed_a_displacement_is_where_it_left_and_by_is_no_origin():
    text = "شهدت مدينتا حمص والرستن موجة نزوح من قبل السكان بعد القصف."
    (route,) = routes_of(text, {"حمص": HOMS, "الرستن": RASTAN})
    assert names(route.origins) == ["Homs", "al-Rastan"]
    assert all(end.inferred for end in route.origins)
    assert route.destinations == []


def test_a_second_name_of_a_place_gives_one_end_and_holds_no_hedge():
    # "سري" (secret) is a hedge word; inside a place name it hedges nothing.
    text = "نزح أهالي مدينة الرستن / سري قطمورة وحماة إلى حمص."
    document, mentions = make(text, {"الرستن": RASTAN, "حماة": HAMA, "حمص": HOMS})
    start = text.index("سري قطمورة")
    mentions.append(Mention("سري قطمورة", start, start + 10, cue="alias", place=RASTAN))
    mentions.sort(key=lambda mention: mention.start)
    (route,) = extract_routes(document, mentions)
    assert names(route.origins) == ["al-Rastan", "Hama"]
    assert names(route.destinations) == ["Homs"]
    assert route.status == "reported"


def test_crossing_a_river_to_its_bank_goes_to_the_river():
    places = {"الفرات": EUPHRATES}
    (route,) = routes_of("وتواصل عبور المدنيين نهر الفرات إلى الضفة الغربية.", places)
    assert names(route.destinations) == ["Euphrates"] and route.via == []
    assert "الضفة الغربية" in route.destinations[0].note
    (route,) = routes_of("وتواصل عبور المدنيين إلى الضفة الشرقية من نهر الفرات.", places)
    assert names(route.destinations) == ["Euphrates"] and route.origins == []
    # A bank with no river named before it in the sentence stands for nothing.
    text = "وصل الآلاف إلى حمص. وتواصل عبور المدنيين إلى الضفة الغربية."
    routes = routes_of(text, {"حمص": HOMS})
    assert [names(route.destinations) for route in routes] == [["Homs"]]


def test_a_masculine_pronoun_points_back_to_the_place_a_masculine_word_names():
    text = "هاجم مسلحون سجن القطمورة في محافظة حماة وتمكن عدد منهم من الفرار منه."
    document, mentions = make(text, {"حماة": HAMA})
    start = text.index("القطمورة")
    mentions.append(Mention("القطمورة", start, start + 8, cue="سجن"))
    mentions.sort(key=lambda mention: mention.start)
    (route,) = extract_routes(document, mentions)
    assert [end.text for end in route.origins] == ["القطمورة"]
    # A feminine one keeps pointing to the last places named.
    text = "حاصرت القوات مدينة الرستن وخرج المدنيون منها."
    (route,) = routes_of(text, {"الرستن": RASTAN})
    assert names(route.origins) == ["al-Rastan"]


def test_the_target_of_an_attack_is_the_inferred_origin_of_a_displacement():
    text = "بعد هجمات القوات ومرتزقتها على مدينة الرستن، نزح الآلاف نحو حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.origins) == ["al-Rastan"] and route.origins[0].inferred
    assert "target of the attack" in route.origins[0].note
    assert names(route.destinations) == ["Homs"]
    # Taking a place is no attack on it: the origin stays unsaid.
    text = "سيطرت القوات على مدينة الرستن، ونزح الآلاف نحو حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert route.origins == [] and names(route.destinations) == ["Homs"]
    # An attack names no destination.
    text = "بعد القصف على مدينة الرستن وصل الآلاف."
    assert all(route.destinations == [] for route in routes_of(text, {"الرستن": RASTAN}))


def test_settling_ends_a_movement_already_stated_and_starts_none():
    text = "هُجّر آلاف الأهالي من الرستن واستقروا في مخيمات حمص."
    (route,) = routes_of(text, {"الرستن": RASTAN, "حمص": HOMS})
    assert names(route.origins) == ["al-Rastan"] and names(route.destinations) == ["Homs"]
    assert routes_of("استقرت الأوضاع في مدينة حمص بعد أشهر.", {"حمص": HOMS}) == []


def test_a_movement_noun_inside_a_list_of_places_is_a_name():
    text = "نزح الأهالي من حلب إلى مخيمات حمص والعودة والرستن، التي أقيمت حديثا."
    (route,) = routes_of(text, {"حلب": ALEPPO, "حمص": HOMS, "الرستن": RASTAN})
    assert route.trigger.text == "نزح"
    assert names(route.origins) == ["Aleppo"] and "Homs" in names(route.destinations)
    # "and the return to it" after a place is a movement.
    text = "بعد استعادة حمص والعودة إليها من حلب."
    assert any(r.trigger.text == "والعودة" for r in routes_of(text, {"حمص": HOMS, "حلب": ALEPPO}))


def test_a_part_of_the_movers_is_no_place():
    text = "انسحبت الأرتال إلى حمص، في حين انسحب الجزء الأكبر منها إلى ريف العاصمة دمشق."
    routes = routes_of(text, {"حمص": HOMS, "دمشق": DAMASCUS})
    last = routes[-1]
    assert last.origins == [] and names(last.destinations) == ["Damascus"]


def test_the_objective_of_an_advance_is_where_it_heads():
    text = "انطلقت القوات من حمص بهدف السيطرة على بلدتي الرستن وحماة."
    (route,) = routes_of(text, {"حمص": HOMS, "الرستن": RASTAN, "حماة": HAMA})
    assert names(route.origins) == ["Homs"]
    assert names(route.destinations) == ["al-Rastan", "Hama"]
    # Taking a place with no movement word is no route.
    assert routes_of("سيطرت القوات على بلدة الرستن.", {"الرستن": RASTAN}) == []


SARAQIB = Place("t:saraqib", "Saraqib", "سراقب", "town", 35.8623, 36.8006)
IDLIB = Place("t:idlib", "Idlib", "إدلب", "city", 35.9306, 36.6339)


def test_a_range_after_a_direction_marker_is_the_area_that_end_names():
    places = {"حمص": HOMS, "الرستن": RASTAN, "حماة": HAMA, "الباب": AL_BAB}
    # The area the displacement left: every bound of the range, chained with ومن, is an origin.
    text = "وجرى النزوح من تلك القرى الممتدة من حمص حتى الرستن ومن حماة حتى محيط الباب."
    (route,) = routes_of(text, places)
    assert names(route.origins) == ["Homs", "al-Rastan", "Hama", "al-Bab"]
    assert route.via == [] and route.destinations == []
    # The area a convoy went through.
    text = "توجهت القوافل إلى حلب عبر القرى الممتدة من حمص حتى الرستن."
    (route,) = routes_of(text, {"حمص": HOMS, "الرستن": RASTAN, "حلب": ALEPPO})
    assert names(route.via) == ["Homs", "al-Rastan"] and names(route.destinations) == ["Aleppo"]


def test_more_places_in_the_role_of_the_ones_before_past_a_nested_place():
    text = (
        "نزح الأهالي من الرستن، بالإضافة لبلدات وقرى حماة جنوب مدينة إدلب، "
        "وقرى واقعة شرق بلدة سراقب."
    )
    places = {"الرستن": RASTAN, "حماة": HAMA, "إدلب": IDLIB, "سراقب": SARAQIB}
    (route,) = routes_of(text, places)
    assert names(route.origins) == ["al-Rastan", "Hama", "Saraqib"]
