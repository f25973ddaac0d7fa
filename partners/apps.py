from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = "社区与合伙人"

    def ready(self) -> None:
        from partners import checks  # noqa: F401 - registers the service catalogue check
