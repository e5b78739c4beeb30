"""Loading a seal's custody chain from the cloud, with failures said in plain words.

The chain is history, not fleet state: the store keeps only the fitted seal's number on the lock
(``Lock.seal_id``); the chain comes from ``GET /seals/{number}`` and later links arrive as
``seal`` events on the stream (the lock & seal panel appends them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from console.link.api import ApiError, CloudApi, NotFound
from console.link.client import AuthError, CloudUnavailable
from console.text import isolate
from opticallock.protocol import SealCustody


async def fetch_custody(api: CloudApi, number: str) -> SealCustody:
    """The seal and its custody chain, oldest first.

    Raises LookupError (the cloud has no seal with that number) or RuntimeError (signed out,
    unreachable, refused), each with the dispatcher's words.
    """
    try:
        return await api.seal_custody(number)
    except NotFound as exc:
        raise LookupError(QCoreApplication.translate(
            "SealCustody", "The cloud has no record of seal {number}.").format(
            number=isolate(number))) from exc
    except AuthError as exc:
        raise RuntimeError(QCoreApplication.translate(
            "SealCustody", "Not signed in: the seal's custody chain cannot be loaded.")) from exc
    except CloudUnavailable as exc:
        raise RuntimeError(QCoreApplication.translate(
            "SealCustody", "The custody chain of seal {number} could not be loaded: {error}")
            .format(number=isolate(number), error=exc)) from exc
    except ApiError as exc:
        raise RuntimeError(QCoreApplication.translate(
            "SealCustody", "The cloud refused the custody chain of seal {number}: {error}")
            .format(number=isolate(number), error=isolate(exc.message))) from exc


__all__ = ["fetch_custody"]
