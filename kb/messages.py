"""User-facing messages of kb in Dutch (default) and English, keyed by a stable code."""
from __future__ import annotations

FIELD_LABELS = {
    "title": ("titel", "title"),
    "slug": ("korte naam (slug)", "slug"),
    "summary": ("samenvatting", "summary"),
    "description": ("beschrijving", "description"),
    "status": ("status", "status"),
    "regions": ("regio's", "regions"),
    "municipalities": ("gemeenten", "municipalities"),
    "organisations": ("organisaties", "organisations"),
    "target_groups": ("doelgroepen", "target groups"),
    "themes": ("thema's", "themes"),
    "tags": ("trefwoorden", "tags"),
    "approach": ("aanpak", "approach"),
    "success_factors": ("succesfactoren", "success factors"),
    "failures": ("knelpunten en lessen", "failures and lessons"),
    "preconditions": ("randvoorwaarden", "preconditions"),
    "context": ("context", "context"),
    "period_start": ("startdatum", "start date"),
    "period_end": ("einddatum", "end date"),
    "participants": ("aantal deelnemers", "number of participants"),
    "placed": ("aantal aan het werk", "number placed in work"),
    "placed_within_months": ("termijn in maanden", "period in months"),
    "outcome_note": ("toelichting op de uitkomst", "outcome note"),
    "cost_eur": ("kosten in euro", "cost in euros"),
    "cost_note": ("toelichting op de kosten", "cost note"),
    "evidence_level": ("bewijsniveau", "evidence level"),
    "evidence_rated_on": ("datum beoordeling", "date rated"),
    "sources": ("bronnen", "sources"),
    "contact_organisation": ("contactorganisatie", "contact organisation"),
    "contact_url": ("contactadres", "contact address"),
    "revision": ("revisie", "revision"),
    "front_matter": ("voorwerk (front matter)", "front matter"),
}

# The Dutch label with its article, for sentences like "Vul een titel in" (default: the bare label).
ARTICLE_NL = {"title": "een titel", "summary": "een samenvatting", "slug": "een korte naam (slug)",
              "description": "een beschrijving", "approach": "een aanpak"}

MESSAGES = {
    "required": ("Vul {a_field} in.", "Please fill in the {field}."),
    "min_length": ("Vul {a_field} in van minstens {min} tekens.", "The {field} needs at least {min} characters."),
    "max_length": ("{Field} mag hoogstens {max} tekens lang zijn (nu {n}).",
                   "The {field} may be at most {max} characters long (now {n})."),
    "control_chars": ("{Field} bevat onzichtbare stuurtekens; haal die weg.",
                      "The {field} contains invisible control characters; please remove them."),
    "slug_format": ("{Field} mag alleen kleine letters, cijfers en streepjes bevatten (bijv. 'kansen-op-werk').",
                    "The {field} may contain only lower-case letters, digits and hyphens (e.g. 'kansen-op-werk')."),
    "slug_taken": ("Er bestaat al een initiatief met korte naam '{value}'.",
                   "An initiative with slug '{value}' already exists."),
    "unknown_term": ("'{value}' is geen bekende keuze voor {field}.", "'{value}' is not a known choice for {field}."),
    "need_one": ("Kies minstens één waarde bij {field}.", "Choose at least one value for {field}."),
    "too_many": ("{Field} mag hoogstens {max} items bevatten.", "The {field} may hold at most {max} items."),
    "not_list": ("{Field} moet een lijst zijn.", "The {field} must be a list."),
    "not_text": ("{Field} moet tekst zijn.", "The {field} must be text."),
    "not_integer": ("{Field} moet een heel getal zijn, 0 of meer.", "The {field} must be a whole number, 0 or more."),
    "too_large": ("{Field} is onwaarschijnlijk groot ({value}).", "The {field} is implausibly large ({value})."),
    "placed_gt_participants": ("Het aantal aan het werk ({placed}) kan niet groter zijn dan het aantal deelnemers ({participants}).",
                               "The number placed ({placed}) cannot exceed the number of participants ({participants})."),
    "bad_period": ("{Field} moet een jaar, jaar-maand of datum zijn, zoals 2021, 2021-07 of 2021-07-15.",
                   "The {field} must be a year, year-month or date, such as 2021, 2021-07 or 2021-07-15."),
    "end_before_start": ("De einddatum ligt vóór de startdatum.", "The end date lies before the start date."),
    "bad_date": ("{Field} moet een datum zijn zoals 2021-07-15.", "The {field} must be a date such as 2021-07-15."),
    "future_date": ("{Field} ligt in de toekomst.", "The {field} lies in the future."),
    "bad_url": ("'{value}' is geen geldig webadres (begin met https://).",
                "'{value}' is not a valid web address (start with https://)."),
    "bad_contact_url": ("Het contactadres moet een webadres (https://…) of e-mailadres (mailto:…) van een organisatie zijn.",
                        "The contact address must be an organisation's web address (https://…) or e-mail (mailto:…)."),
    "item_text_required": ("Elke regel bij {field} heeft tekst nodig (regel {n}).",
                           "Every line in {field} needs text (line {n})."),
    "source_title_required": ("Geef elke bron een titel (bron {n}).", "Give every source a title (source {n})."),
    "unknown_field": ("Onbekend veld '{value}'.", "Unknown field '{value}'."),
    "bad_status": ("'{value}' is geen geldige status.", "'{value}' is not a valid status."),
    "stale_revision": ("Iemand anders heeft dit initiatief intussen opgeslagen (revisie {current}); u werkte op revisie {expected}. "
                       "Er is niets overschreven.",
                       "Someone else saved this initiative in the meantime (revision {current}); you were editing revision "
                       "{expected}. Nothing was overwritten."),
    "not_found": ("Initiatief '{value}' bestaat niet.", "Initiative '{value}' does not exist."),
    "bad_front_matter": ("Het voorwerk (YAML) is ongeldig: {reason}", "The front matter (YAML) is invalid: {reason}"),
    # Accounts, permissions and the review workflow (kb.permissions, kb.workflow, kb.drafts, kb.users).
    "login_required": ("Log in om dit te doen.", "Please log in to do this."),
    "forbidden": ("U hebt geen rechten om dit te doen.", "You are not allowed to do this."),
    "forbidden_edit": ("U mag dit initiatief niet bewerken; u kunt wel een aanvulling voorstellen.",
                       "You may not edit this initiative; you can propose an addition instead."),
    "bad_transition": ("Een initiatief met status '{state}' kan niet '{action}' worden.",
                       "An initiative with status '{state}' cannot be '{action}'."),
    "reason_required": ("Geef een reden op, zodat de indiener weet wat er beter kan.",
                        "Please give a reason, so the contributor knows what to improve."),
    "draft_too_large": ("Het concept is te groot om op te slaan.", "The draft is too large to save."),
    "draft_not_found": ("Dit concept bestaat niet (meer).", "This draft does not exist (any more)."),
    "revision_not_found": ("Revisie {value} bestaat niet.", "Revision {value} does not exist."),
    "last_admin": ("Er moet minstens één actieve beheerder overblijven.", "At least one active administrator must remain."),
    "unknown_role": ("Onbekende rol '{value}'.", "Unknown role '{value}'."),
    "user_not_found": ("Gebruiker bestaat niet.", "User does not exist."),
    "email_missing": ("Vul een e-mailadres in.", "Please fill in an e-mail address."),
    "email_invalid": ("'{value}' is geen geldig e-mailadres.", "'{value}' is not a valid e-mail address."),
    "email_taken": ("Er bestaat al een account met e-mailadres {value}.", "An account with e-mail address {value} already exists."),
    "password_short": ("Het wachtwoord moet minstens {min} tekens lang zijn.", "The password must be at least {min} characters long."),
    "password_wrong": ("Het huidige wachtwoord klopt niet.", "The current password is not correct."),
    "password_same": ("Kies een ander wachtwoord dan het huidige.", "Choose a password other than the current one."),
    "password_mismatch": ("De twee nieuwe wachtwoorden zijn niet gelijk.", "The two new passwords are not the same."),
    "password_locked": ("Te vaak een verkeerd huidig wachtwoord; probeer het over {minutes} minuten opnieuw.",
                        "The current password was wrong too often; try again in {minutes} minutes."),
}


def field_label(field: str, lang: str = "nl") -> str:
    nl, en = FIELD_LABELS.get(field, (field, field))
    return en if lang == "en" else nl


def render(code: str, field: str = "", lang: str = "nl", **params) -> str:
    nl, en = MESSAGES[code]
    template = en if lang == "en" else nl
    label = field_label(field, lang) if field else ""
    a_label = ARTICLE_NL.get(field, label) if lang != "en" else label
    return template.format(field=label, Field=label[:1].upper() + label[1:], a_field=a_label, **params)
