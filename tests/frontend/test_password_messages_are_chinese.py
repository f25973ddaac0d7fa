"""A person choosing a password reads why it is refused in Chinese, in the 您 register."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import (
    password_validators_help_texts,
    validate_password,
)
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import PASSWORD


def _refusals(password: str, username: str) -> list[str]:
    with translation.override("zh-hans"), pytest.raises(ValidationError) as refused:
        validate_password(password, get_user_model()(username=username))
    return refused.value.messages


def test_a_short_password_is_refused_in_chinese() -> None:
    messages = _refusals("abc", "wangshifu")
    assert "密码太短，至少需要 8 个字符。" in messages
    assert not any("password" in message for message in messages)


def test_a_password_like_the_username_is_refused_without_odd_spaces() -> None:
    assert "密码与用户名太相似。" in _refusals("wangshifu1", "wangshifu1")


def test_password_help_speaks_with_nin() -> None:
    with translation.override("zh-hans"):
        help_texts = " ".join(str(text) for text in password_validators_help_texts())
    assert "您" in help_texts
    assert "你" not in help_texts


@pytest.mark.django_db
def test_password_change_page_explains_a_short_password_in_chinese(
    client: Any, secretary: Any
) -> None:
    client.force_login(secretary)
    response = client.post(
        reverse("password-change"),
        {"old_password": PASSWORD, "new_password1": "abc", "new_password2": "abc"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "密码太短，至少需要 8 个字符。" in body
    assert "too short" not in body
