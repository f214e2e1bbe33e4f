"""The "which form fits me?" guide: from a farmer's barriers and wishes to forms that fit.

Each wish points at the forms that realise it (`WISH_FORMS`); each form answers some of the
four mindsets (its `mindsets`, from the reference data). A form scores 2 for every wish it
realises and 1 for every chosen barrier it answers; wishes weigh more because they say what
the farmer wants, barriers only what holds them back. Forms with a score are shown best first;
without any answer, all seven are shown in their usual order.
"""

from dataclasses import dataclass, field

from cooperation.choices import FormSlug

WISH_FORMS = {
    "widen_assortment": {FormSlug.MUTUAL_PURCHASING, FormSlug.SUPERMARKET},
    "sell_together": {
        FormSlug.FARMERS_COOPERATIVE,
        FormSlug.DISTRIBUTION_PLATFORM,
        FormSlug.SUPERMARKET,
    },
    "process": {FormSlug.JOINT_PROCESSING, FormSlug.FIELD_TO_FORK},
    "supply_kitchens": {FormSlug.FIELD_TO_FORK, FormSlug.DISTRIBUTION_PLATFORM},
    "involve_consumers": {FormSlug.FARMERS_CONSUMERS, FormSlug.SUPERMARKET},
    "share_investment": {FormSlug.FARMERS_COOPERATIVE, FormSlug.JOINT_PROCESSING},
}


@dataclass
class FormFit:
    form: object
    score: int
    wishes: list[str] = field(default_factory=list)
    mindsets: list[str] = field(default_factory=list)
    examples: list = field(default_factory=list)
    wish_labels: list = field(default_factory=list)
    mindset_labels: list = field(default_factory=list)


def rank_forms(forms, mindsets, wishes) -> list[FormFit]:
    fits = []
    for form in forms:
        matched_wishes = [w for w in wishes if form.slug in WISH_FORMS.get(w, ())]
        matched_mindsets = [m for m in mindsets if m in form.mindsets]
        score = 2 * len(matched_wishes) + len(matched_mindsets)
        fits.append(FormFit(form, score, matched_wishes, matched_mindsets))
    if not (mindsets or wishes):
        return fits
    ranked = [fit for fit in fits if fit.score > 0]
    ranked.sort(key=lambda fit: (-fit.score, fit.form.position))
    return ranked
