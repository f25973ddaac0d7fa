from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "匹配"

    def ready(self) -> None:
        from matching.learning import learn_from_outcome
        from needs.signals import project_outcome

        project_outcome.connect(learn_from_outcome, dispatch_uid="matching.learn_from_outcome")
