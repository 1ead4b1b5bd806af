"""The demo's texts obey the routine before the service layer ever sees them."""

from __future__ import annotations

from fblmail.demo_texts import FORWARD_NOTES, PLACEHOLDERS, TEMPLATES, THANKS
from fblmail.domain.acute import acute_words
from fblmail.domain.categories import Category, parse_category


def _fillings() -> list[dict[str, str]]:
    """Every value of every placeholder at least once."""
    first = {key: values[0] for key, values in PLACEHOLDERS.items()}
    return [first | {key: value} for key, values in PLACEHOLDERS.items() for value in values]


def test_every_category_has_a_template_and_no_text_reads_as_acute_unless_confirmed() -> None:
    assert {parse_category(t.category) for t in TEMPLATES} == set(Category)
    for template in TEMPLATES:
        assert template.side in ("m", "v")
        assert (template.category == "För kännedom") == (not template.replies)
        for fill in _fillings():
            texts = [template.subject, template.body]
            found = [w for text in texts for w in acute_words(text.format(**fill))]
            assert bool(found) == template.not_acute, (template.subject, found)
            for reply in template.replies:
                assert acute_words(reply.format(**fill)) == [], reply
    for text in (*THANKS, *FORWARD_NOTES):
        assert acute_words(text) == [], text
