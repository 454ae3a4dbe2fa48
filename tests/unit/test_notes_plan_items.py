"""A plan sentence as the items a note lists: lists split, qualifiers kept with their item, follow-up and
safety-netting worded the way notes word them."""

from assistant.notes.plan_items import plan_items


def sends_somewhere(text: str) -> bool:
    return any(word in text.lower() for word in ("a&e", "999", "come back", "call us"))


def test_a_spoken_list_becomes_one_item_per_action():
    said = "Rest that ankle, take ibuprofen with food, and I'll book you into the fracture clinic."
    assert plan_items(said, sends_somewhere) == [
        "Rest that ankle.", "Take ibuprofen with food.", "I'll book you into the fracture clinic."]


def test_a_dose_or_duration_stays_with_its_medicine():
    said = "I'll start amoxicillin, 500 milligrams three times a day, for seven days."
    assert plan_items(said, sends_somewhere) == [said]


def test_a_lead_in_joins_the_item_it_introduces():
    items = plan_items("Given the kidney function, we'll use a lower dose of gabapentin, and repeat the bloods "
                       "next month.", sends_somewhere)
    assert items[0] == "Given the kidney function, we'll use a lower dose of gabapentin."
    assert len(items) == 2


def test_follow_up_reads_as_a_review_and_a_plan_header_is_dropped():
    assert plan_items("I'd like to see him again in three days.", sends_somewhere) == ["Review in three days."]
    assert plan_items("Plan spirometry, and a review in 6 weeks.", sends_somewhere) == [
        "Spirometry.", "Review in 6 weeks."]


def test_a_follow_up_with_a_condition_keeps_its_words():
    said = "Come back in a week if the cough is no better."
    assert plan_items(said, sends_somewhere) == ["Safety-net advice: come back in a week if the cough is no better."]


def test_conditional_advice_stays_whole_and_only_safety_netting_is_labelled():
    assert plan_items("If the rash spreads, she gets a headache, or she is drowsy, go to A&E.", sends_somewhere) == [
        "Safety-net advice: if the rash spreads, she gets a headache, or she is drowsy, go to A&E."]
    assert plan_items("We'll add a second antibiotic if the cultures grow anything.", sends_somewhere) == [
        "We'll add a second antibiotic if the cultures grow anything."]
