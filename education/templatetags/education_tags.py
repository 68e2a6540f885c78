import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from education import safety
from welltopia import languages

register = template.Library()

# The same escapes as Django's json_script: nothing in the data can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _ld_json(context: template.Context, data: dict[str, Any]) -> SafeString:
    payload = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES)
    # The payload is escaped above exactly as Django's json_script does, so it is safe to embed.
    safe_payload = SafeString(payload)  # nosec B703
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("csp_nonce", ""),
        safe_payload,
    )


@register.simple_tag(takes_context=True)
def medical_web_page_ld(context: template.Context, page: dict[str, Any]) -> SafeString:
    """JSON-LD (schema.org MedicalWebPage) for an education page, as a non-executable data block."""
    request = context["request"]
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page["title"],
        "description": page["summary"],
        "url": request.build_absolute_uri(page["url"]),
        "lastReviewed": page["last_reviewed"].isoformat(),
        "reviewedBy": {"@type": "Organization", "name": page["reviewer"]},
        "inLanguage": languages.normalize(translation.get_language()),
        "about": {"@type": "MedicalCondition", "name": str(_("Rheumatoid arthritis"))},
        "citation": [
            {"@type": "CreativeWork", "name": ref["title"], **({"url": ref["url"]} if ref["url"] else {})}
            for ref in page["references"]
        ],
        "publisher": {"@type": "MedicalClinic", "name": "Welltopia"},
    }
    return _ld_json(context, data)


@register.simple_tag(takes_context=True)
def faq_page_ld(context: template.Context, page: dict[str, Any]) -> SafeString:
    """JSON-LD (schema.org FAQPage) for the questions a page answers; nothing when it has none."""
    if not page.get("questions"):
        return SafeString("")
    data = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "url": context["request"].build_absolute_uri(page["url"]),
        "mainEntity": [
            {
                "@type": "Question",
                "name": item["question"],
                "acceptedAnswer": {"@type": "Answer", "text": item["answer"]},
            }
            for item in page["questions"]
        ],
    }
    return _ld_json(context, data)


@register.simple_tag
def safety_statement(name: str, language: str = "") -> str | tuple[str, ...]:
    """One of the clinic's shared safety statements (education.safety), for templates: in the
    language given, else the active language (Spanish on the Spanish side), else English."""
    return safety.statement(name, languages.normalize(language or translation.get_language()))
