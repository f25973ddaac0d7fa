from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = "匹配"

    def ready(self) -> None:
        from django.conf import settings

        from matching.engine import text
        from matching.learning import learn_from_outcome
        from needs.signals import project_outcome

        project_outcome.connect(learn_from_outcome, dispatch_uid="matching.learn_from_outcome")
        text.keep_dictionary_in(settings.SEGMENTER_CACHE_DIR)
