"""snake_case inside, camelCase on the wire: the one conversion every layer shares."""

from __future__ import annotations

import re


def camelize(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snakeize(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()
