"""The map page's own words (its buttons, Layers panel, legend, card buttons, tooltips) in the
interface language.

The page's scripts hold these texts in English (resources/map/core.js ``STRINGS``: the same keys)
and show them until Python sends :func:`strings_message`, which it does when the page is ready and
again on every language switch (widgets/fleet/map_view.py): the page then relabels what it shows
in place. The texts are translated when the message is built, under one context, "MapPage", so
lupdate files them there and a switch picks up the language installed at that moment.
"""

from __future__ import annotations

from typing import Any

from console.fleet.labels import QT_TRANSLATE_NOOP, STATUS_NAMES, TranslatedNames
from opticallock.status import TrailerStatus

CONTEXT = "MapPage"

#: Key (as in core.js STRINGS) -> English source. ``{name}`` placeholders are filled by the page.
PAGE_STRINGS: TranslatedNames[str] = TranslatedNames(CONTEXT, {
    # The buttons over the map.
    "fitFleet": QT_TRANSLATE_NOOP("MapPage", "Fit fleet"),
    "fitFleetTip": QT_TRANSLATE_NOOP("MapPage", "Zoom to show every trailer"),
    "followSelected": QT_TRANSLATE_NOOP("MapPage", "Follow selected"),
    "followSelectedTip": QT_TRANSLATE_NOOP("MapPage", "Keep the selected trailer in the centre"),
    "zoomIn": QT_TRANSLATE_NOOP("MapPage", "Zoom in"),
    "zoomOut": QT_TRANSLATE_NOOP("MapPage", "Zoom out"),
    # The Layers panel.
    "layers": QT_TRANSLATE_NOOP("MapPage", "Layers"),
    "layersTip": QT_TRANSLATE_NOOP("MapPage", "Show or hide the map layers"),
    "trailers": QT_TRANSLATE_NOOP("MapPage", "Trailers"),
    "geofences": QT_TRANSLATE_NOOP("MapPage", "Geofences"),
    "basemap": QT_TRANSLATE_NOOP("MapPage", "Basemap"),
    "cityLabels": QT_TRANSLATE_NOOP("MapPage", "City labels"),
    "noCityData": QT_TRANSLATE_NOOP("MapPage", "No city data on this machine"),
    "onlineTiles": QT_TRANSLATE_NOOP("MapPage", "Online tiles"),
    "tripHistory": QT_TRANSLATE_NOOP("MapPage", "Trip history"),
    # The legend (the statuses' words are the fleet's: STATUS_NAMES).
    "legend": QT_TRANSLATE_NOOP("MapPage", "Legend"),
    "selected": QT_TRANSLATE_NOOP("MapPage", "Selected"),
    "group": QT_TRANSLATE_NOOP("MapPage", "Group: count, click to zoom"),
    "groupWithAlarms": QT_TRANSLATE_NOOP("MapPage", "Group with alarms"),
    "terminal": QT_TRANSLATE_NOOP("MapPage", "Terminal"),
    "customerSite": QT_TRANSLATE_NOOP("MapPage", "Customer site"),
    "borderCrossing": QT_TRANSLATE_NOOP("MapPage", "Border crossing"),
    "tripDestination": QT_TRANSLATE_NOOP("MapPage", "Trip destination"),
    # A group of trailers under the pointer.
    "groupCount": QT_TRANSLATE_NOOP("MapPage", "{count} trailers"),
    "groupAlarms": QT_TRANSLATE_NOOP("MapPage", "{count} in alarm"),
    "clickToZoom": QT_TRANSLATE_NOOP("MapPage", "Click to zoom in"),
    # The selected trailer's card (its label/value rows come with the details: maps/bridge.py).
    "showDetails": QT_TRANSLATE_NOOP("MapPage", "Show the details"),
    "foldCard": QT_TRANSLATE_NOOP("MapPage", "Fold the card"),
    "closeCard": QT_TRANSLATE_NOOP("MapPage", "Close the card (the trailer stays selected)"),
    "acknowledge": QT_TRANSLATE_NOOP("MapPage", "Acknowledge…"),
    "acknowledgeTip": QT_TRANSLATE_NOOP("MapPage",
                                        "Acknowledge this alarm (opens the console's dialog)"),
    "messageDriver": QT_TRANSLATE_NOOP("MapPage", "Message driver…"),
    "callDriver": QT_TRANSLATE_NOOP("MapPage", "Call driver…"),
    # Trip history: the speed key, the legend's section, the marks' tooltips.
    "speedKeyTip": QT_TRANSLATE_NOOP("MapPage", "Show or hide the speed colours"),
    "speedStopped": QT_TRANSLATE_NOOP("MapPage", "Stopped or crawling, < 5 km/h"),
    "speedSlow": QT_TRANSLATE_NOOP("MapPage", "Slow, 5–40 km/h"),
    "speedMedium": QT_TRANSLATE_NOOP("MapPage", "Medium, 40–70 km/h"),
    "speedFast": QT_TRANSLATE_NOOP("MapPage", "Fast, 70 km/h and more"),
    "noFixGap": QT_TRANSLATE_NOOP("MapPage", "No fix for 15 min or more"),
    "periodStart": QT_TRANSLATE_NOOP("MapPage", "Start of the period"),
    "periodEnd": QT_TRANSLATE_NOOP("MapPage", "End of the period"),
    "stopWithDuration": QT_TRANSLATE_NOOP("MapPage", "Stop, with its duration"),
    "eventAlarm": QT_TRANSLATE_NOOP("MapPage", "Alarm"),
    "eventTamper": QT_TRANSLATE_NOOP("MapPage", "Tamper"),
    "eventUnlock": QT_TRANSLATE_NOOP("MapPage", "Unlocked"),
    "eventLock": QT_TRANSLATE_NOOP("MapPage", "Locked"),
    "eventGeofence": QT_TRANSLATE_NOOP("MapPage", "Geofence"),
    "eventOther": QT_TRANSLATE_NOOP("MapPage", "Event"),
    "eventOtherLegend": QT_TRANSLATE_NOOP("MapPage", "Event (other)"),
    "replayPosition": QT_TRANSLATE_NOOP("MapPage", "Replay position"),
    "replayFromHere": QT_TRANSLATE_NOOP("MapPage", "Click to replay from here"),
    "stop": QT_TRANSLATE_NOOP("MapPage", "Stop"),
    "stopFor": QT_TRANSLATE_NOOP("MapPage", "Stop · {duration}"),
})


def strings_message() -> dict[str, Any]:
    """The page's ``strings`` message (resources/map/messages.js StringsMessage) in the language
    installed now: every word of :data:`PAGE_STRINGS`, and the statuses' words for the legend."""
    return {"op": "strings",
            "strings": {key: PAGE_STRINGS[key] for key in PAGE_STRINGS},
            "statuses": {status.value: STATUS_NAMES[status] for status in TrailerStatus}}
