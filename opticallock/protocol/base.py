"""What every part of the protocol shares: its version, the base model and the field types."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MAX_NOTE_CHARS = 2000

#: What an id may be made of (``Id``); opticallock/protocol/fastpath.py checks the same pattern.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"
Id = Annotated[str, Field(min_length=1, max_length=64, pattern=ID_PATTERN)]
Latitude = Annotated[float, Field(ge=-90.0, le=90.0)]
Longitude = Annotated[float, Field(ge=-180.0, le=180.0)]
Timestamp = Annotated[float, Field(ge=0.0, le=1.0e10)]
Note = Annotated[str, Field(max_length=MAX_NOTE_CHARS)]
RequestId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class Model(BaseModel):
    """Base for every wire model: unknown fields are refused, so a typo is a 4xx, not a no-op."""

    model_config = ConfigDict(extra="forbid")

