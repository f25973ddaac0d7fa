"""Load the service standard (categories, beneficiary groups, delivery modes), v1."""

import json
from pathlib import Path

from django.db import migrations

STANDARD = Path(__file__).resolve().parent.parent / "standard" / "categories-v1.json"

MODE_NAMES_EN = {
    "at_center": "At the community centre",
    "at_partner": "At the partner's premises",
    "home_visit": "Home visit",
    "online": "Online",
}
GROUP_NAMES_EN = {
    "elderly": "Seniors",
    "children": "Children",
    "youth": "Youth",
    "families": "Families",
    "disabled": "People with disabilities",
    "new_employment": "Gig workers (delivery, courier, ride-hailing)",
    "enterprises": "Enterprises",
    "job_seekers": "Job seekers",
    "all": "All residents",
}


def load(apps, schema_editor):
    Category = apps.get_model("partners", "Category")
    BeneficiaryGroup = apps.get_model("partners", "BeneficiaryGroup")
    DeliveryMode = apps.get_model("partners", "DeliveryMode")
    data = json.loads(STANDARD.read_text(encoding="utf-8"))
    for i, group in enumerate(data["beneficiary_groups"]):
        BeneficiaryGroup.objects.update_or_create(
            code=group["code"],
            defaults={
                "name_zh": group["name_zh"],
                "name_en": group.get("name_en") or GROUP_NAMES_EN.get(group["code"], ""),
                "position": i,
            },
        )
    for i, mode in enumerate(data["modes"]):
        DeliveryMode.objects.update_or_create(
            code=mode["code"],
            defaults={
                "name_zh": mode["name_zh"],
                "name_en": mode.get("name_en") or MODE_NAMES_EN.get(mode["code"], ""),
                "position": i,
            },
        )
    for i, cat in enumerate(data["categories"]):
        Category.objects.update_or_create(
            code=cat["code"],
            defaults={
                "name_zh": cat["name_zh"],
                "name_en": cat["name_en"],
                "typical_beneficiaries": cat.get("typical_beneficiaries", []),
                "typical_modes": cat.get("typical_modes", []),
                "position": i,
            },
        )
    for cat in data["categories"]:
        Category.objects.get(code=cat["code"]).related.set(cat.get("related", []))


def unload(apps, schema_editor):
    for name in ("Category", "BeneficiaryGroup", "DeliveryMode"):
        apps.get_model("partners", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
