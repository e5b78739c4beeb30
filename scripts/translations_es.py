# ruff: noqa: E501  (a catalogue: one message a line reads better than wrapped strings)
"""Spanish (Mexico) for the console's messages, keyed by the English source; read by
scripts/translations.py to fill the catalogue's unfinished messages.

Vocabulary, kept the same everywhere: trailer = remolque, lock = candado, seal = sello,
fiber seal = sello de fibra, driver = operador, dispatcher = despachador, fleet = flotilla,
alarm = alarma, acknowledge = reconocer, resolve = resolver, escalate = escalar,
shift handover = entrega de turno, geofence = geocerca, border crossing = cruce fronterizo,
carrier = transportista, fix (GPS) = posición, audit trail / log = bitácora, tamper = manipulación,
unlock request = solicitud de desbloqueo, shackle = arco, owner (of an alarm) = responsable.
A plural message (%n) maps to (one, other).
"""

from __future__ import annotations

TRANSLATIONS: dict[str, str | tuple[str, str]] = {}
#: (context, source) -> Spanish, where one context needs other words (gender, accelerators).
IN_CONTEXT: dict[tuple[str, str], str] = {}

# ---------------------------------------------------------------- alarms: dialogs, center, desk
TRANSLATIONS.update({
    "Acknowledge alarm — {trailer}": "Reconocer alarma — {trailer}",
    "What you did or found, e.g. “Called the driver, stopping at the next exit.”":
        "Qué hizo o encontró, p. ej. “Le llamé al operador, se detiene en la próxima salida.”",
    "Acknowledge": "Reconocer",
    "Note (required for a critical alarm):": "Nota (obligatoria en una alarma crítica):",
    "Note (optional):": "Nota (opcional):",
    "A critical alarm can only be acknowledged with a note: say what you did (for example, called the driver).":
        "Una alarma crítica solo se puede reconocer con una nota: indique qué hizo (por ejemplo, le llamó al operador).",
    "The note goes on the alarm's record; every dispatcher and the shift handover will see it.":
        "La nota queda en el registro de la alarma; la verán todos los despachadores y la entrega de turno.",
    "Your text is kept: add it as a note, or cancel.":
        "Su texto se conserva: agréguelo como nota o cancele.",
    "Add it as a note": "Agregarlo como nota",
    "That alarm is no longer in the queue.": "Esa alarma ya no está en la cola.",
    "Sign in to act on alarms.": "Inicie sesión para atender alarmas.",
    "Already acknowledged by {who}.": "Ya la reconoció {who}.",
    "Already acknowledged.": "Ya está reconocida.",
    "{trailer} has no alarm waiting for acknowledgement.":
        "{trailer} no tiene ninguna alarma pendiente de reconocer.",
    "Done: {step}": "Hecho: {step}",
    "Take over the alarm?": "¿Tomar el control de la alarma?",
    "{who} has owned this alarm since {clock}. Take it over? {who} and every console see that you did; it is on the alarm's audit trail.":
        "{who} es responsable de esta alarma desde las {clock}. ¿Tomar el control? {who} y todas las consolas lo verán; queda en la bitácora de auditoría de la alarma.",
    "Take over": "Tomar el control",
    "Cannot assign: {error}": "No se puede asignar: {error}",
    "The cloud lists no dispatchers to assign to.":
        "La nube no tiene despachadores a quienes asignar.",
    "Assign the alarm": "Asignar la alarma",
    "Give this alarm to:": "Asignar esta alarma a:",
    "Assign": "Asignar",
    "Sign in to add notes.": "Inicie sesión para agregar notas.",
    "Note added.": "Nota agregada.",
    "Note queued: the link is down; it is sent as soon as the console is live.":
        "Nota en espera: el enlace está caído; se envía en cuanto la consola esté en vivo.",
    "Signed out: the acknowledgement was not recorded.":
        "Sesión cerrada: el reconocimiento no se registró.",
    "Acknowledgement sent.": "Reconocimiento enviado.",
    "Acknowledgement queued: the link is down; it is sent as soon as the console is live.":
        "Reconocimiento en espera: el enlace está caído; se envía en cuanto la consola esté en vivo.",
    "Signed out: the resolution was not recorded.":
        "Sesión cerrada: la resolución no se registró.",
    "Resolution sent.": "Resolución enviada.",
    "Resolution queued: the link is down; it is sent as soon as the console is live.":
        "Resolución en espera: el enlace está caído; se envía en cuanto la consola esté en vivo.",
    "Sign in to tick action-plan steps.":
        "Inicie sesión para marcar pasos del plan de acción.",
    "Alarm {id}: {text}": "Alarma {id}: {text}",
    "(and {n} more)": "(y {n} más)",
    "L{level} {alarm} on {trailer} near {where} — not acknowledged for {waited}{more}. Click here to select it, then Ctrl+K.":
        "N{level} {alarm} en {trailer} cerca de {where} — sin reconocer desde hace {waited}{more}. Haga clic aquí para seleccionarla y luego Ctrl+K.",
    "Audit trail unavailable: {error}": "Bitácora de auditoría no disponible: {error}",
    "Resolved alarms could not be fetched from the cloud ({error}); those this console saw are listed.":
        "No se pudieron obtener de la nube las alarmas resueltas ({error}); se listan las que vio esta consola.",
    "Could not save: {error}": "No se pudo guardar: {error}",
    "Saved {path}": "Guardado en {path}",
    "Acknowledgement": "Reconocimiento",
    "Resolution": "Resolución",
    "Action-plan step": "Paso del plan de acción",
    "Escalation": "Escalamiento",
    "Seen mark": "Marca de visto",
    "Change of owner": "Cambio de responsable",
    "Note": "Nota",
    "Audit trail of {alarm} unavailable: {error}":
        "Bitácora de auditoría de {alarm} no disponible: {error}",
    "Choose the colleague to assign the alarm to.":
        "Elija al compañero al que se asigna la alarma.",
    "The note is empty.": "La nota está vacía.",
    "The note is too long: {length} characters, at most {limit}.":
        "La nota es demasiado larga: {length} caracteres, máximo {limit}.",
    "The list of dispatchers is unavailable: {error}":
        "La lista de despachadores no está disponible: {error}",
    "{count} invalid field(s)": "{count} campo(s) no válido(s)",
    "Not signed in: {error}": "Sin sesión iniciada: {error}",
    "{action} of alarm {alarm} was refused by the cloud and dropped: {reason}":
        "{action} de la alarma {alarm}: la nube lo rechazó y se descartó: {reason}",
    "Not signed in.": "Sin sesión iniciada.",
    "Resolved alarms unavailable: {error}": "Alarmas resueltas no disponibles: {error}",
    "The note is too long: {length} characters, at most {limit} are kept on the alarm record.":
        "La nota es demasiado larga: {length} caracteres; en el registro de la alarma se guardan {limit} como máximo.",
    # AlarmPanel
    "(sending…)": "(enviando…)",
    "Raised: {priority} {alarm}": "Activada: {priority} {alarm}",
    "Repeated (now ×{count})": "Repetida (ahora ×{count})",
    "Saw it on their console": "La vio en su consola",
    "Acknowledged — note: {note}": "Reconocida — nota: {note}",
    "Acknowledged (no note)": "Reconocida (sin nota)",
    "Ticked: {step}": "Marcado: {step}",
    "Unticked: {step}": "Desmarcado: {step}",
    "Escalated to level {level}": "Escalada al nivel {level}",
    "Resolved: {outcome}": "Resuelta: {outcome}",
    "Step not done: {step} — reason: {reason}": "Paso no realizado: {step} — motivo: {reason}",
    "Note: {text}": "Nota: {text}",
    "cloud": "nube",
    "Tamper reported: {kind}": "Manipulación reportada: {kind}",
    "Lock {previous} → {state}": "Candado {previous} → {state}",
    "Took the alarm": "Tomó la alarma",
    "Released the alarm": "Liberó la alarma",
    "Assigned the alarm to {owner}": "Asignó la alarma a {owner}",
    "Took the alarm over from {previous}": "Tomó el control de la alarma de {previous}",
    "Released {previous}'s alarm: their session ended":
        "Liberó la alarma de {previous}: su sesión terminó",
    "Owner now {owner}": "Ahora el responsable es {owner}",
    "{level} {role} {name} by {channel} ({address}): {status}":
        "{level} {role} {name} por {channel} ({address}): {status}",
    "lock {lock}": "candado {lock}",
    "note: {note}": "nota: {note}",
    "driver": "operador",
    "Driver wrote: {text}": "El operador escribió: {text}",
    "dispatcher": "despachador",
    "Message delivered: {text}": "Mensaje entregado: {text}",
    "driver app": "app del operador",
    "Message read: {text}": "Mensaje leído: {text}",
    "Message to driver: {text}": "Mensaje al operador: {text}",
    "Called the driver ({phone}): {outcome}": "Llamó al operador ({phone}): {outcome}",
    "Owner": "Responsable",
    "Driver": "Operador",
    "Where": "Ubicación",
    "Raised": "Activada",
    "State": "Estado",
    "Acknowledged": "Reconocida",
    "Ack note": "Nota de reconocimiento",
    "Resolved": "Resuelta",
    "Detail": "Detalle",
    "Select an alarm in the queue.": "Seleccione una alarma en la cola.",
    "The driver may be under duress: do not message or call the driver unless carrier security asks for it. Follow the plan below.":
        "El operador podría estar bajo coacción: no le envíe mensajes ni le llame a menos que lo pida la seguridad del transportista. Siga el plan de abajo.",
    "{field}:": "{field}:",
    "Acknowledge…": "Reconocer…",
    "Acknowledge this alarm (Ctrl+K in the alarm queue)":
        "Reconocer esta alarma (Ctrl+K en la cola de alarmas)",
    "Resolve…": "Resolver…",
    "Close this alarm with an outcome (Ctrl+R in the queue)":
        "Cerrar esta alarma con un resultado (Ctrl+R en la cola)",
    "Message driver…": "Mensaje al operador…",
    "Write to the driver's app; the messages and replies join this alarm's audit trail":
        "Escribir a la app del operador; los mensajes y respuestas se agregan a la bitácora de auditoría de esta alarma",
    "Call driver…": "Llamar al operador…",
    "Call the driver, then record the outcome on this alarm":
        "Llamar al operador y luego registrar el resultado en esta alarma",
    "Take": "Tomar",
    "Make this alarm yours: colleagues see you work it":
        "Hacerse responsable de esta alarma: sus compañeros ven que usted la atiende",
    "Release": "Liberar",
    "Give this alarm back to the queue, unassigned": "Devolver esta alarma a la cola, sin asignar",
    "Assign…": "Asignar…",
    "Give this alarm to a colleague": "Asignar esta alarma a un compañero",
    "Take over…": "Tomar el control…",
    "Take this alarm from the colleague who owns it (recorded on its audit trail)":
        "Quitarle esta alarma al compañero responsable (queda en su bitácora de auditoría)",
    "Action plan": "Plan de acción",
    "Notes": "Notas",
    "A note for the record, at any time…": "Una nota para el registro, en cualquier momento…",
    "Add note": "Agregar nota",
    "Put this note on the alarm's record: every dispatcher sees it at once":
        "Poner esta nota en el registro de la alarma: todos los despachadores la ven al instante",
    "Call list notifications": "Avisos de la lista de llamadas",
    "Audit trail": "Bitácora de auditoría",
    "Time": "Hora",
    "Who": "Quién",
    "What": "Qué",
    "Loading the audit trail…": "Cargando la bitácora de auditoría…",
    "{who} since {clock}": "{who} desde las {clock}",
    "you ({who})": "usted ({who})",
    "nobody — unassigned": "nadie — sin asignar",
    "{clock} · {who}: {text}": "{clock} · {who}: {text}",
    "No notes yet.": "Aún no hay notas.",
    "{priority} · {alarm} · trailer {trailer}": "{priority} · {alarm} · remolque {trailer}",
    "(last repeat {clock})": "(última repetición {clock})",
    "by {who} at {clock}": "por {who} a las {clock}",
    "not yet": "todavía no",
    "level {level} since {clock}": "nivel {level} desde las {clock}",
    "not escalated": "sin escalar",
    "{outcome} — by {who} at {clock}": "{outcome} — por {who} a las {clock}",
    "no driver assigned": "sin operador asignado",
    "app online": "app en línea",
    "app offline": "app fuera de línea",
    "No action plan for this alarm type.": "No hay plan de acción para este tipo de alarma.",
    "done by {who} at {clock}": "hecho por {who} a las {clock}",
    "unticked by {who} at {clock}": "desmarcado por {who} a las {clock}",
    "No events logged for this alarm.": "No hay eventos registrados para esta alarma.",
    # AlarmPolicies
    "Dispatcher on duty": "Despachador de turno",
    "Supervisor": "Supervisor",
    "Carrier security": "Seguridad del transportista",
    "Customer": "Cliente",
    "Call": "Llamada",
    "SMS": "SMS",
    "E-mail": "Correo",
    "Role": "Rol",
    "Name": "Nombre",
    "Channel": "Canal",
    "Phone or e-mail": "Teléfono o correo",
    "After (min)": "Después de (min)",
    "Minutes after the alarm, while nobody has acknowledged it":
        "Minutos después de la alarma, mientras nadie la haya reconocido",
    # AlarmQueue
    "Priority": "Prioridad",
    "Esc.": "Esc.",
    "Alarm": "Alarma",
    "Trailer": "Remolque",
    "Time to ack": "Tiempo para reconocer",
    "Critical first, then high, then medium; oldest first within each":
        "Primero críticas, luego altas, luego medias; en cada una, la más antigua primero",
    "Escalation level: L1, L2… the longer nobody acknowledges it":
        "Nivel de escalamiento: N1, N2… cuanto más tiempo nadie la reconoce",
    "The dispatcher working the alarm; — when nobody has taken it":
        "El despachador que atiende la alarma; — cuando nadie la ha tomado",
    "Distance and direction from the nearest city when the alarm was raised":
        "Distancia y dirección desde la ciudad más cercana cuando se activó la alarma",
    "How long the alarm has waited, or how long it took to acknowledge":
        "Cuánto tiempo lleva esperando la alarma, o cuánto tardó en reconocerse",
    "acked in {clock}": "reconocida en {clock}",
    "{clock} waiting": "{clock} en espera",
    "Repeated {n}×, last at {clock}": "Repetida {n}×, la última a las {clock}",
    "Not yet delivered to the cloud: {error}": "Aún no entregado a la nube: {error}",
    "Note: {note}": "Nota: {note}",
    "{who} since {when}": "{who} desde {when}",
    "Escalated to level {level} at {when}": "Escalada al nivel {level} el {when}",
    "no fix yet": "aún sin posición",
    "{where} (now)": "{where} (ahora)",
    # AlarmQueueView
    "All": "Todas",
    "Mine": "Mías",
    "Unassigned": "Sin asignar",
    "&Acknowledge…": "&Reconocer…",
    "Acknowledge (Ctrl+K)": "Reconocer (Ctrl+K)",
    "Acknowledge the selected alarm (Ctrl+K)": "Reconocer la alarma seleccionada (Ctrl+K)",
    "&Resolve…": "Res&olver…",
    "Resolve (Ctrl+R)": "Resolver (Ctrl+R)",
    "Resolve the selected alarm with an outcome (Ctrl+R)":
        "Resolver la alarma seleccionada con un resultado (Ctrl+R)",
    "&Next alarm": "&Siguiente alarma",
    "Select the next alarm in the queue, most urgent first ({key})":
        "Seleccionar la siguiente alarma de la cola, la más urgente primero ({key})",
    "Do the next &step": "Hacer el siguiente &paso",
    "The selected alarm's next step: acknowledge it, tick its next action-plan step as done, or resolve it once they are all done ({key})":
        "El siguiente paso de la alarma seleccionada: reconocerla, marcar como hecho el siguiente paso de su plan de acción, o resolverla cuando todos estén hechos ({key})",
    "Every unresolved alarm": "Todas las alarmas sin resolver",
    "Only the alarms you own": "Solo las alarmas de las que usted es responsable",
    "Only the alarms nobody has taken": "Solo las alarmas que nadie ha tomado",
    "{open} open · {acked} acknowledged": "abiertas: {open} · reconocidas: {acked}",
    "{n} pending": "pendientes: {n}",
    "Pending: your acknowledgements, resolutions and ticked steps that have not reached the cloud yet; they are sent as soon as the link is live.":
        "Pendientes: sus reconocimientos, resoluciones y pasos marcados que aún no llegan a la nube; se envían en cuanto el enlace esté en vivo.",
    # AlarmStatistics
    "Alarm type": "Tipo de alarma",
    "Corridor": "Corredor",
    "Border crossing": "Cruce fronterizo",
    "Acknowledged by": "Reconocida por",
    "Resolved by": "Resuelta por",
    "Unknown type": "Tipo desconocido",
    "Unknown priority": "Prioridad desconocida",
    "No corridor": "Sin corredor",
    "Not at a border crossing": "Fuera de un cruce fronterizo",
    "Not acknowledged": "Sin reconocer",
    "Not resolved": "Sin resolver",
    "Group": "Grupo",
    "Alarms": "Alarmas",
    "Open": "Abiertas",
    "Ack median (min)": "Mediana recon. (min)",
    "Ack p90 (min)": "P90 recon. (min)",
    "Resolve median (min)": "Mediana resol. (min)",
    "Resolve p90 (min)": "P90 resol. (min)",
    "Raised in the period and not resolved yet": "Activadas en el periodo y aún sin resolver",
    "Minutes from raised to acknowledged; nearest-rank median":
        "Minutos desde la activación hasta el reconocimiento; mediana por rango más cercano",
    "Minutes from raised to acknowledged; 9 in 10 alarms were faster or as fast (nearest rank)":
        "Minutos desde la activación hasta el reconocimiento; 9 de cada 10 alarmas fueron igual de rápidas o más (rango más cercano)",
    "Minutes from raised to resolved; nearest-rank median":
        "Minutos desde la activación hasta la resolución; mediana por rango más cercano",
    "Minutes from raised to resolved; 9 in 10 alarms were faster or as fast (nearest rank)":
        "Minutos desde la activación hasta la resolución; 9 de cada 10 alarmas fueron igual de rápidas o más (rango más cercano)",
    "{clock} ({waited} ago)": "{clock} (hace {waited})",
})

# ---------------------------------------------------------------- alarm labels, approvals, attention
TRANSLATIONS.update({
    "CRITICAL": "CRÍTICA",
    "HIGH": "ALTA",
    "MEDIUM": "MEDIA",
    "INFO": "INFO",
    "Fiber seal cut": "Sello de fibra cortado",
    "Forced entry": "Entrada forzada",
    "Unlocked outside a geofence": "Desbloqueado fuera de una geocerca",
    "Unlocked without authorisation": "Desbloqueado sin autorización",
    "Seal number mismatch": "Número de sello no coincide",
    "Fiber seal degraded": "Sello de fibra degradado",
    "GPS lost": "GPS perdido",
    "Lock battery low": "Batería del candado baja",
    "Driver duress code": "Código de coacción del operador",
    "Open — not acknowledged": "Abierta — sin reconocer",
    "ack pending…": "reconocimiento pendiente…",
    "resolve pending…": "resolución pendiente…",
    "owner change pending…": "cambio de responsable pendiente…",
    "sent": "enviado",
    "delivered": "entregado",
    "FAILED": "FALLIDO",
    "Quiet alarm — do not alert the driver": "Alarma silenciosa — no alertar al operador",
    "False alarm": "Falsa alarma",
    "Authorised opening": "Apertura autorizada",
    "Driver confirmed seal intact": "El operador confirmó el sello intacto",
    "Police notified": "Se avisó a la policía",
    "Other": "Otro",
    "{alarm} ×{count}": "{alarm} ×{count}",
    "Acknowledged by {who}": "Reconocida por {who}",
    "me ({who})": "yo ({who})",
    "L{level}": "N{level}",
    "a colleague": "un compañero",
    "Already acknowledged by {who} at {when}.": "Ya la reconoció {who} el {when}.",
    "Already resolved by {who} at {when}.": "Ya la resolvió {who} el {when}.",
    "{who} owns this alarm (since {when}): take it over to act on it.":
        "{who} es responsable de esta alarma (desde {when}): tome el control para atenderla.",
    "{who} owns this alarm: take it over to act on it.":
        "{who} es responsable de esta alarma: tome el control para atenderla.",
    "A colleague acted first.": "Un compañero actuó primero.",
    "ESCALATED": "ESCALADA",
    "ESCALATED: {what}": "ESCALADA: {what}",
    # ApproveDialog
    "Approve unlock — {trailer}": "Aprobar desbloqueo — {trailer}",
    "Choose a geofence…": "Elija una geocerca…",
    "Valid in:": "Válido en:",
    "min": "min",
    "Valid for:": "Válido durante:",
    "The driver's app receives the code; you may have to read it out on the phone. It opens the lock once, inside the geofence, within the time.":
        "La app del operador recibe el código; quizá tenga que dictárselo por teléfono. Abre el candado una sola vez, dentro de la geocerca y dentro del plazo.",
    "One-time unlock code": "Código de desbloqueo de un solo uso",
    "Approve and give code": "Aprobar y dar código",
    "Approving…": "Aprobando…",
    "Close": "Cerrar",
    "Valid once, in {geofence}, until {clock}.\nRead it out digit by digit.":
        "Válido una vez, en {geofence}, hasta las {clock}.\nDíctelo dígito por dígito.",
    # Attention
    "Mute sounds for 5 min": "Silenciar sonidos 5 min",
    "Silence alarm sounds for 5 minutes; they come back on their own. Escalations still sound.":
        "Silencia los sonidos de alarma por 5 minutos; vuelven solos. Los escalamientos siguen sonando.",
    "{priority}: {alarm} — {trailer}": "{priority}: {alarm} — {trailer}",
    "{n} more new alarms": "{n} alarmas nuevas más",
    "{n} more new alarm": "{n} alarma nueva más",
    "({n} critical)": "(críticas: {n})",
    "{trailers}. See the alarm queue.": "{trailers}. Vea la cola de alarmas.",
    "alarm {id}": "alarma {id}",
    "ESCALATED (level {level}): {what}": "ESCALADA (nivel {level}): {what}",
    "Still not acknowledged. Acknowledge it in the alarm queue (Ctrl+K).":
        "Sigue sin reconocer. Reconózcala en la cola de alarmas (Ctrl+K).",
    "Muted — {left} left (click to unmute)": "Silenciado — faltan {left} (clic para reactivar)",
    "{app} — no unacknowledged alarms": "{app} — sin alarmas por reconocer",
    "{app} — {n} unacknowledged alarm": "{app} — {n} alarma por reconocer",
    "{app} — {n} unacknowledged alarms": "{app} — {n} alarmas por reconocer",
    "Open the alarm queue for details.": "Abra la cola de alarmas para ver los detalles.",
    # AuditReport
    "position unknown": "posición desconocida",
    "{place} ({lat}, {lon})": "{place} ({lat}, {lon})",
    "no plan": "sin plan",
    "yes": "sí",
    "reply": "respuesta",
    "baseline": "línea base",
    "warning": "advertencia",
    "tamper": "manipulación",
    "{line} {level} dBm": "{line} {level} dBm",
    "{level} dBm": "{level} dBm",
    "Fiber seal received power (dBm), local time":
        "Potencia recibida del sello de fibra (dBm), hora local",
    "skipped": "omitido",
    "done by {who}, {when}": "hecho por {who}, {when}",
    "(ticked, then unticked by {who}, {when})": "(marcado y luego desmarcado por {who}, {when})",
    "(never ticked)": "(nunca marcado)",
    "(unticked by {who}, {when})": "(desmarcado por {who}, {when})",
    "No action plan for this alarm type was at hand: only the steps on the alarm's record are listed.":
        "No se tenía a la mano un plan de acción para este tipo de alarma: solo se listan los pasos del registro de la alarma.",
    "{when} · {who} · call: {outcome}": "{when} · {who} · llamada: {outcome}",
    "dispatch": "despacho",
    "{when} · {who} · {status}: “{text}”": "{when} · {who} · {status}: “{text}”",
    "level {level}": "nivel {level}",
    "none": "ninguno",
    "{outcome} — {who}, {when}; note: {note}": "{outcome} — {who}, {when}; nota: {note}",
    "not resolved at the time of this report": "sin resolver al momento de este informe",
    "not acknowledged": "sin reconocer",
    "NOT authorised": "NO autorizado",
    "yes — authorisation {id} (its approval is not among the records at hand)":
        "sí — autorización {id} (su aprobación no está entre los registros disponibles)",
    "any place": "cualquier lugar",
    "yes — approved by {who}, {when} (request {id}; valid in {where} until {until})":
        "sí — aprobado por {who}, {when} (solicitud {id}; válida en {where} hasta {until})",
    "issued": "emitido",
    "applied": "colocado",
    "checked": "verificado",
    "removed": "retirado",
    "replaced": "reemplazado",
    "TAMPERED": "MANIPULADO",
    "read back {number}": "leído {number}",
    "photo {ref}": "foto {ref}",
    "MISMATCH: the number read back is not the seal issued":
        "NO COINCIDE: el número leído no es el del sello emitido",
    "authorised ({id})": "autorizado ({id})",
    "removed WITHOUT authorisation": "retirado SIN autorización",
    "replaced by {number}": "reemplazado por {number}",
    "found cut or forced": "encontrado cortado o forzado",
    "Seal {number}: ISO 17712 class {cls}, {maker}": "Sello {number}: ISO 17712 clase {cls}, {maker}",
    "no plan on record for this trip": "no hay plan registrado para este viaje",
    "{origin} → {destination} ({route}), window {start} to {end}; trip {id}":
        "{origin} → {destination} ({route}), ventana de {start} a {end}; viaje {id}",
    "No logged events in this trip: nothing to verify.":
        "No hay eventos registrados en este viaje: nada que verificar.",
    "VERIFIED — complete and unedited": "VERIFICADA — completa y sin modificaciones",
    "FAILED — the log was altered": "FALLÓ — la bitácora fue alterada",
    "Range": "Rango",
    "events {first} to {last} ({checked} entries checked)":
        "eventos {first} a {last} ({checked} entradas verificadas)",
    "Anchor hash": "Hash de anclaje",
    "Head hash": "Hash final",
    "Cloud says": "Según la nube",
    "Geofence": "Geocerca",
    "Place": "Lugar",
    "By": "Por",
    "Authorisation": "Autorización",
    "At planned destination": "En el destino planeado",
    "no unlock in this trip": "ningún desbloqueo en este viaje",
    "Action": "Acción",
    "Seal": "Sello",
    "Evidence": "Evidencia",
    "Remarks": "Observaciones",
    "no seal event on record for this trip": "no hay eventos de sello registrados en este viaje",
    "Kind": "Tipo",
    "Fiber level": "Nivel de fibra",
    "no tamper event": "ningún evento de manipulación",
    "From": "Desde",
    "Duration": "Duración",
    "no stop": "ninguna parada",
    "No alarm in this trip.": "Ninguna alarma en este viaje.",
    "before {start}: the lock's record at hand does not reach back to the lock; the figures below start there":
        "antes de {start}: el registro disponible del candado no llega hasta el bloqueo; las cifras de abajo empiezan ahí",
    "{when} at {origin}": "{when} en {origin}",
    "not unlocked in the period (trip under way)":
        "sin desbloqueo en el periodo (viaje en curso)",
    "C-TPAT seal verification record · {carrier} · generated {when} by {dispatcher} with the OpticalLock Dispatcher console":
        "Registro de verificación de sellos C-TPAT · {carrier} · generado {when} por {dispatcher} con la consola OpticalLock Dispatcher",
    "Lock / electronic seal": "Candado / sello electrónico",
    "{lock} / seal {seal}": "{lock} / sello {seal}",
    "Trip": "Viaje",
    "not yet unlocked": "aún no desbloqueado",
    "Planned trip": "Viaje planeado",
    "Planned destination": "Destino planeado",
    "no plan on record": "sin plan registrado",
    "Locked (sealed)": "Bloqueado (sellado)",
    "Unlocked (seal opened)": "Desbloqueado (sello abierto)",
    "Distance": "Distancia",
    "{km} km": "{km} km",
    "Driving time": "Tiempo de manejo",
    "Stopped": "Detenido",
    "{hours} in {stops}": "{hours} en {stops}",
    "Unlocks": "Desbloqueos",
    "Tamper events": "Eventos de manipulación",
    "Seal audit report — trailer {trailer}": "Informe de auditoría de sello — remolque {trailer}",
    "Conveyance and seal": "Unidad y sello",
    "Lock and unlock": "Bloqueo y desbloqueo",
    "Seal custody in this trip": "Custodia del sello en este viaje",
    "Totals": "Totales",
    "The stopped time and stops are the sum of the stops listed below.":
        "El tiempo detenido y las paradas son la suma de las paradas listadas abajo.",
    "Fiber seal signal": "Señal del sello de fibra",
    "Alarms, acknowledgements and resolutions": "Alarmas, reconocimientos y resoluciones",
    "Stops": "Paradas",
    "Event log integrity": "Integridad de la bitácora de eventos",
    "The OpticalLock cloud chains every logged event to its predecessor with SHA-256; the check above recomputed that chain over this trip's events. Any edited, inserted or removed event breaks it.":
        "La nube de OpticalLock encadena cada evento registrado con el anterior mediante SHA-256; la verificación de arriba recalculó esa cadena sobre los eventos de este viaje. Cualquier evento modificado, insertado o eliminado la rompe.",
    "Seal audit report — {trailer}": "Informe de auditoría de sello — {trailer}",
    "Seal audit report · trailer {trailer} · lock {lock} · page {page} of {pages}":
        "Informe de auditoría de sello · remolque {trailer} · candado {lock} · página {page} de {pages}",
    "no driver on this trip's record": "no hay operador en el registro de este viaje",
    "{id} (not in the driver directory)": "{id} (no está en el directorio de operadores)",
    "The cloud gave the records of {got} of the trip's {count} alarms.":
        "La nube entregó los registros de {got} de las {count} alarmas del viaje.",
    "No trailer {trailer} in this carrier's fleet.":
        "No existe el remolque {trailer} en la flotilla de este transportista.",
    "No trip {trip} of trailer {trailer} in the cloud's log of the last {days} days.":
        "No hay un viaje {trip} del remolque {trailer} en la bitácora de la nube de los últimos {days} días.",
    "Trip {trip} is in the log, but no lock and unlock of it is.":
        "El viaje {trip} está en la bitácora, pero no su bloqueo y desbloqueo.",
    "The event log over the trip did not verify: {why}":
        "La bitácora de eventos del viaje no se pudo verificar: {why}",
    "no events to check": "no hay eventos que verificar",
})

# ---------------------------------------------------------------- contacts, session, detail, fleet
TRANSLATIONS.update({
    "Call {name}": "Llamar a {name}",
    "Name:": "Nombre:",
    "Phone:": "Teléfono:",
    "{id} ({alarm} on {trailer})": "{id} ({alarm} en {trailer})",
    "Alarm:": "Alarma:",
    "Trailer:": "Remolque:",
    "Dial again": "Volver a marcar",
    "How did the call go?": "¿Cómo fue la llamada?",
    "What the driver said, or what you left on voicemail (optional)":
        "Lo que dijo el operador, o lo que dejó en el buzón de voz (opcional)",
    "Record outcome": "Registrar resultado",
    "Not called": "No se llamó",
    "Close without recording anything": "Cerrar sin registrar nada",
    "Note:": "Nota:",
    "Cannot dial: {error}": "No se puede marcar: {error}",
    "Calling through your phone ({url}). When the call is over, record how it went.":
        "Llamando por su teléfono ({url}). Cuando termine la llamada, registre cómo fue.",
    "No program on this computer opened {url}. Dial {phone} yourself, then record how it went.":
        "Ningún programa de esta computadora abrió {url}. Marque usted al {phone} y luego registre cómo fue.",
    "The note is {n} characters too long.": "A la nota le sobran {n} caracteres.",
    "Choose how the call went to record it.": "Elija cómo fue la llamada para registrarla.",
    "It goes on the record of alarm {id}.": "Queda en el registro de la alarma {id}.",
    "It goes on the record of trailer {id}.": "Queda en el registro del remolque {id}.",
    "It goes on the record of the driver's record.": "Queda en el registro del operador.",
    "The server's certificate was refused: {why}": "Se rechazó el certificado del servidor: {why}",
    # ConsoleSession
    "Internal error: {error}": "Error interno: {error}",
    "Your session expired. Sign in again.": "Su sesión expiró. Inicie sesión de nuevo.",
    "Sign-in failed.": "No se pudo iniciar sesión.",
    "Signed out.": "Sesión cerrada.",
    "{problem} Using the system's trust store.":
        "{problem} Se usan los certificados de confianza del sistema.",
    "The cloud's record changed": "Cambió el registro de la nube",
    "The cloud's event log no longer continues what this console showed ({reason}): it was probably restored from an older copy. The fleet was reloaded from the cloud, so the alarms and positions now shown are the cloud's; the {count} events this console had seen before are kept apart in its journal.":
        "La bitácora de eventos de la nube ya no continúa lo que mostraba esta consola ({reason}): probablemente se restauró de una copia anterior. La flotilla se recargó desde la nube, así que las alarmas y posiciones que se muestran ahora son las de la nube; los {count} eventos que esta consola había visto se guardan aparte en su bitácora local.",
    "Cannot follow this cloud": "No se puede seguir esta nube",
    "{reason} The fleet shown is no longer live.": "{reason} La flotilla mostrada ya no está en vivo.",
    "{reason} Sign in again.": "{reason} Inicie sesión de nuevo.",
    # ContactCenter
    "Sign in to contact drivers.": "Inicie sesión para contactar a los operadores.",
    "No driver {id} in this fleet.": "No existe el operador {id} en esta flotilla.",
    "Trailer {id} has no driver assigned.": "El remolque {id} no tiene operador asignado.",
    "Alarm {id} is not in this console.": "La alarma {id} no está en esta consola.",
    "Quiet alarm: the driver is not contacted from it (they may be under duress). Call carrier security; contact the driver from the directory only if security says so.":
        "Alarma silenciosa: desde ella no se contacta al operador (podría estar bajo coacción). Llame a la seguridad del transportista; contacte al operador desde el directorio solo si seguridad lo indica.",
    "Message to {name} NOT sent: {reason} Retry it from the conversation.":
        "Mensaje a {name} NO enviado: {reason} Reintente desde la conversación.",
    "The call outcome for {name} is not recorded yet: {reason}":
        "El resultado de la llamada a {name} aún no se registra: {reason}",
    "{name} wrote: {text}": "{name} escribió: {text}",
    # Contacts
    "Reached the driver": "Se contactó al operador",
    "No answer": "No contestó",
    "Left a voicemail": "Se dejó mensaje de voz",
    "⋯ sending": "⋯ enviando",
    "✗ not sent": "✗ no enviado",
    "✓ sent": "✓ enviado",
    "✓✓ delivered": "✓✓ entregado",
    "✓✓ read": "✓✓ leído",
    "online": "en línea",
    "offline": "fuera de línea",
    "Conversation with {who} — alarm {id}": "Conversación con {who} — alarma {id}",
    "Conversation with {who}": "Conversación con {who}",
    # ConversationView
    "☎ Call…": "☎ Llamar…",
    "Call the driver through your phone or softphone, then record how it went":
        "Llamar al operador por su teléfono o softphone y luego registrar cómo fue",
    "Load again": "Volver a cargar",
    "No messages or calls with this driver yet.": "Aún no hay mensajes ni llamadas con este operador.",
    "Start from a template: it fills in the trailer, the driver's name and where the trailer is; edit it freely. Ctrl+Z brings back what you had typed.":
        "Empezar con una plantilla: llena el remolque, el nombre del operador y dónde está el remolque; edítela libremente. Ctrl+Z recupera lo que había escrito.",
    "Language of the templates (the driver's by default)":
        "Idioma de las plantillas (por omisión, el del operador)",
    "Write to the driver, or start from a template…":
        "Escriba al operador o empiece con una plantilla…",
    "Send": "Enviar",
    "Send to the driver's app (Ctrl+Enter)": "Enviar a la app del operador (Ctrl+Enter)",
    "Template:": "Plantilla:",
    "Language:": "Idioma:",
    "No driver": "Sin operador",
    "Not in this fleet.": "No está en esta flotilla.",
    "driver app online": "app del operador en línea",
    "driver app OFFLINE": "app del operador FUERA DE LÍNEA",
    "trailer {id}": "remolque {id}",
    "no trailer": "sin remolque",
    "{priority} {alarm} on trailer {trailer}, raised {clock}":
        "{priority} {alarm} en el remolque {trailer}, activada {clock}",
    "no longer in this console's alarms": "ya no está entre las alarmas de esta consola",
    "Linked to alarm {id}: {what}. Messages and calls from here go on its audit trail.":
        "Vinculada a la alarma {id}: {what}. Los mensajes y llamadas desde aquí quedan en su bitácora de auditoría.",
    "The conversation could not be loaded: {reason}": "No se pudo cargar la conversación: {reason}",
    "Loading the conversation…": "Cargando la conversación…",
    "— pick a template —": "— elija una plantilla —",
    "{n} characters over the limit.": "{n} caracteres por encima del límite.",
    "The driver app is offline: a message cannot be delivered now. Call instead.":
        "La app del operador está fuera de línea: ahora no se puede entregar un mensaje. Mejor llame.",
    "Signed out: sign in to send.": "Sesión cerrada: inicie sesión para enviar.",
    # Credentials
    "No system keyring is available: your sign-in will not be remembered after you quit.":
        "No hay un llavero del sistema disponible: su sesión no se recordará al salir.",
    "The system keyring did not answer (it may be locked): your sign-in will not be remembered after you quit.":
        "El llavero del sistema no respondió (quizá esté bloqueado): su sesión no se recordará al salir.",
    "The system keyring reported an error: your sign-in will not be remembered after you quit.":
        "El llavero del sistema reportó un error: su sesión no se recordará al salir.",
    # DetailPanel
    "Lock / seal": "Candado / sello",
    "Phone": "Teléfono",
    "Position": "Posición",
    "Last fix": "Última posición",
    "Fiber seal": "Sello de fibra",
    "Battery": "Batería",
    "Open alarms": "Alarmas abiertas",
    "Acknowledge alarm…": "Reconocer alarma…",
    "Acknowledge this trailer's most urgent open alarm":
        "Reconocer la alarma abierta más urgente de este remolque",
    "Select a trailer in the fleet table or on the map.":
        "Seleccione un remolque en la tabla de la flotilla o en el mapa.",
    "{status} (lock {lock})": "{status} (candado {lock})",
    "{name} ({app})": "{name} ({app})",
    "{origin} → {destination} ({route})": "{origin} → {destination} ({route})",
    "{lat}, {lon} · {speed} km/h": "{lat}, {lon} · {speed} km/h",
    "{age} ago": "hace {age}",
    "never": "nunca",
    " · GPS LOST": " · GPS PERDIDO",
    "{level} dBm (baseline {baseline} dBm)": "{level} dBm (línea base {baseline} dBm)",
    "{priority} {alarm}: {detail}": "{priority} {alarm}: {detail}",
    "(acknowledged by {who})": "(reconocida por {who})",
    # DiagnosticsView
    "Link diagnostics": "Diagnóstico del enlace",
    "Notices": "Avisos",
    "Rejected events": "Eventos rechazados",
    "Raw text of the selected event": "Texto original del evento seleccionado",
    "Select an event to see its raw text.": "Seleccione un evento para ver su texto original.",
    "&Copy": "&Copiar",
    "Copy the selected event's raw text": "Copiar el texto original del evento seleccionado",
    "The link has set no event aside.": "El enlace no ha apartado ningún evento.",
    "The console could not read these events from the cloud's log. Each was stepped over so the rest of the stream kept coming; the fleet may be missing what they said. Copy the raw text into a report to the cloud's operators.":
        "La consola no pudo leer estos eventos de la bitácora de la nube. Se omitió cada uno para que el resto del flujo siguiera llegando; a la flotilla le puede faltar lo que decían. Copie el texto original en un reporte para los administradores de la nube.",
    "{total} events were set aside since the console started; the latest {kept} are listed. The local journal keeps them all.":
        "Se apartaron {total} eventos desde que inició la consola; se listan los últimos {kept}. La bitácora local los conserva todos.",
    # Dialing
    "{phone} has no digits to dial": "{phone} no tiene dígitos que marcar",
    "Call URL template {template}: {error}": "Plantilla de URL de llamada {template}: {error}",
    "Call URL template {template} uses unknown placeholder(s) {unknown}; use {{phone}} or {{digits}}":
        "La plantilla de URL de llamada {template} usa marcador(es) desconocido(s) {unknown}; use {{phone}} o {{digits}}",
    "Call URL template {template} has no {{phone}} or {{digits}}":
        "La plantilla de URL de llamada {template} no tiene {{phone}} ni {{digits}}",
    "Call URL template {template} must start with a scheme such as tel: or https:":
        "La plantilla de URL de llamada {template} debe empezar con un esquema como tel: o https:",
    # DriverDirectory
    "Search name, phone, language, trailer, online…":
        "Buscar nombre, teléfono, idioma, remolque, en línea…",
    "Message…": "Mensaje…",
    "Open the conversation with the selected driver (double-click or Enter)":
        "Abrir la conversación con el operador seleccionado (doble clic o Enter)",
    "Call…": "Llamar…",
    "Call the selected driver through your phone or softphone":
        "Llamar al operador seleccionado por su teléfono o softphone",
    "{shown} of {total} drivers": "{shown} de {total} operadores",
    "{total} drivers": "{total} operadores",
    "Language": "Idioma",
    "Driver app": "App del operador",
    "Messages reach the driver only while the app is online; call otherwise.":
        "Los mensajes llegan al operador solo mientras la app está en línea; si no, llame.",
    "Message templates are offered in this language.":
        "Las plantillas de mensaje se ofrecen en este idioma.",
    "The driver app is online: messages are delivered now.":
        "La app del operador está en línea: los mensajes se entregan ahora.",
    "The driver app is offline: a message cannot be delivered; call.":
        "La app del operador está fuera de línea: no se puede entregar un mensaje; llame.",
    "Click to select this alarm in the queue": "Clic para seleccionar esta alarma en la cola",
    "{where} ({lat}, {lon}) — click to show on the map":
        "{where} ({lat}, {lon}) — clic para mostrar en el mapa",
    # FiberChart
    "● Live — last hour": "● En vivo — última hora",
    "○ Back to live": "○ Volver a en vivo",
    "✕ cut  ▼ degraded  ■ forced entry  ● alarm": "✕ corte  ▼ degradado  ■ entrada forzada  ● alarma",
    "Tamper: fiber seal cut": "Manipulación: sello de fibra cortado",
    "Tamper: fiber seal degraded": "Manipulación: sello de fibra degradado",
    "Tamper: forced entry": "Manipulación: entrada forzada",
    "Seal level (dBm)": "Nivel del sello (dBm)",
    "Follow the last hour as samples arrive. Panning or zooming the chart leaves live mode.":
        "Seguir la última hora conforme llegan las muestras. Desplazar o hacer zoom en la gráfica sale del modo en vivo.",
    "Time and level of the sample under the mouse": "Hora y nivel de la muestra bajo el puntero",
    "Incident markers on the curve": "Marcas de incidentes en la curva",
    "baseline {level} dBm": "línea base {level} dBm",
    "warning −{drop} dB ({level})": "advertencia −{drop} dB ({level})",
    "tamper −{drop} dB ({level})": "manipulación −{drop} dB ({level})",
    "Loading history…": "Cargando historial…",
    "Point at the chart to read time and level": "Apunte a la gráfica para leer la hora y el nivel",
    "({drop} dB below baseline)": "({drop} dB por debajo de la línea base)",
    "({rise} dB above baseline)": "({rise} dB por encima de la línea base)",
    "{priority} alarm: {alarm}": "Alarma {priority}: {alarm}",
    # FiberSeries
    "Not signed in: older history cannot be loaded.":
        "Sin sesión iniciada: no se puede cargar el historial anterior.",
    "The cloud sent a malformed history page ({error}).":
        "La nube envió una página de historial mal formada ({error}).",
    "History not loaded: {error}": "Historial no cargado: {error}",
    "History not loaded: the cloud answered HTTP {status} ({message}).":
        "Historial no cargado: la nube respondió HTTP {status} ({message}).",
    # Fleet
    "Unlocked": "Desbloqueado",
    "No fix": "Sin posición",
    "Moving": "En movimiento",
    "Parked": "Estacionado",
    "Locked": "Bloqueado",
    "Shackle open": "Arco abierto",
    "{n} s": "{n} s",
    "{n} min": "{n} min",
    "{h} h {m} min": "{h} h {m} min",
    "{n} d": "{n} d",
    "Lock": "Candado",
    "{state} · seal {seal}": "{state} · sello {seal}",
    "Speed": "Velocidad",
    "{n} km/h": "{n} km/h",
    "{level} dBm (baseline {baseline})": "{level} dBm (línea base {baseline})",
    "acknowledged by {who}": "reconocida por {who}",
    "Search trailer, lock, driver, state, city…":
        "Buscar remolque, candado, operador, estado, ciudad…",
    "{shown} of {total} trailers": "{shown} de {total} remolques",
    "{total} trailers": "{total} remolques",
    "Trip history…": "Historial de viajes…",
    "Time since the lock's last GPS fix": "Tiempo desde la última posición GPS del candado",
    "Received optical power through the seal loop, and its drop from the seal's own baseline":
        "Potencia óptica recibida por el lazo del sello, y su caída respecto a la línea base del propio sello",
    "Alarm > unlocked > no recent fix > moving > parked":
        "Alarma > desbloqueado > sin posición reciente > en movimiento > estacionado",
    "{age} (GPS lost)": "{age} (GPS perdido)",
    "clean connector": "limpiar conector",
    "Seal {seal}: {level} dBm, baseline {baseline} dBm":
        "Sello {seal}: {level} dBm, línea base {baseline} dBm",
    "{drop} dB below its baseline with light still through the loop: most likely a dirty or worn connector. Schedule cleaning; the Lock & seal panel says whether it sagged slowly or dropped at once.":
        "{drop} dB por debajo de su línea base y la luz aún pasa por el lazo: lo más probable es un conector sucio o desgastado. Programe la limpieza; el panel Candado y sello indica si bajó poco a poco o de golpe.",
})

# ---------------------------------------------------------------- handover, history, journal, link
TRANSLATIONS.update({
    "acknowledgement": "reconocimiento",
    "resolution": "resolución",
    "step": "paso",
    "escalation": "escalamiento",
    "seen mark": "marca de visto",
    "Shift handover — {carrier}": "Entrega de turno — {carrier}",
    "Open — not yet acknowledged": "Abiertas — aún sin reconocer",
    "Acknowledged — still to be resolved": "Reconocidas — falta resolverlas",
    "Resolved this shift": "Resueltas en este turno",
    "{open} open, {acknowledged} acknowledged but not resolved, {resolved} resolved this shift":
        "abiertas: {open}; reconocidas sin resolver: {acknowledged}; resueltas en este turno: {resolved}",
    "Shift from {start} to {end}": "Turno de {start} a {end}",
    "Handed over by {dispatcher}": "Entregado por {dispatcher}",
    "Escalated": "Escalada",
    "by {who} at {when} (after {waited})": "por {who} el {when} (después de {waited})",
    "Outcome": "Resultado",
    "Resolve note": "Nota de resolución",
    "Still to do ({plan}):": "Pendiente ({plan}):",
    "Not done, with the reason given:": "No realizado, con el motivo indicado:",
    "Typed on this console but not yet received by the cloud:":
        "Capturado en esta consola pero aún no recibido por la nube:",
    "Shift from {start} to {end}, handed over by {dispatcher}.":
        "Turno de {start} a {end}, entregado por {dispatcher}.",
    "{trailer}, driver {driver}": "{trailer}, operador {driver}",
    "{by_at}, outcome {outcome}": "{by_at}, resultado {outcome}",
    "None.": "Ninguna.",
    "{trailer} (lock {lock})": "{trailer} (candado {lock})",
    "by {who} at {when}": "por {who} el {when}",
    "level {level} at {when}": "nivel {level} el {when}",
    "step “{step}” marked done": "paso “{step}” marcado como hecho",
    "step “{step}” marked not done": "paso “{step}” marcado como no realizado",
    "{what} (note: {note})": "{what} (nota: {note})",
    "{what}, typed {when}": "{what}, capturado {when}",
    "{text}; last error: {error}": "{text}; último error: {error}",
    # HandoverDialog
    "Export HTML…": "Exportar HTML…",
    "HTML files (*.html *.htm)": "Archivos HTML (*.html *.htm)",
    "Export Markdown…": "Exportar Markdown…",
    "Markdown files (*.md)": "Archivos Markdown (*.md)",
    "Export PDF…": "Exportar PDF…",
    "PDF files (*.pdf)": "Archivos PDF (*.pdf)",
    "Shift handover — OpticalLock Dispatcher": "Entrega de turno — OpticalLock Dispatcher",
    "Export the handover report as {kind}": "Exportar el informe de entrega de turno como {kind}",
    # History
    "{m} min": "{m} min",
    "{d} d {h} h": "{d} d {h} h",
    "positions": "posiciones",
    "fiber": "fibra",
    "events": "eventos",
    "the hash-chain check": "la verificación de la cadena de hashes",
    "Loaded": "Cargado",
    "Loading {what}…": "Cargando {what}…",
    "Looking for the trip under way…": "Buscando el viaje en curso…",
    "Verifying the event log's hash chain…":
        "Verificando la cadena de hashes de la bitácora de eventos…",
    "The cloud refused the {what} request: {error}":
        "La nube rechazó la solicitud de {what}: {error}",
    "Could not load the {what} after {tries} tries ({error}); nothing was shown as complete.":
        "No se pudieron cargar {what} tras {tries} intentos ({error}); no se mostró nada como completo.",
    # HistoryView
    "This trip": "Este viaje",
    "Last 24 hours": "Últimas 24 horas",
    "Last 7 days": "Últimos 7 días",
    "Last 30 days": "Últimos 30 días",
    "Custom range": "Rango personalizado",
    "Seal audit PDF": "PDF de auditoría de sello",
    "Load": "Cargar",
    "Cancel": "Cancelar",
    "Period:": "Periodo:",
    "to": "a",
    "▶ Play": "▶ Reproducir",
    "Follow": "Seguir",
    "Export:": "Exportar:",
    "Pick a trailer of this fleet.": "Elija un remolque de esta flotilla.",
    "Sign in to load history from the cloud.": "Inicie sesión para cargar el historial desde la nube.",
    "The period must end after it starts.": "El periodo debe terminar después de empezar.",
    "Loading {trailer} from {start} to {end}…": "Cargando {trailer} de {start} a {end}…",
    "Loading failed: {error}": "Falló la carga: {error}",
    "Loading cancelled; nothing was loaded.": "Carga cancelada; no se cargó nada.",
    "The sum of the trips' rows. Outside any trip: {km} km, stopped {stopped} in {stops}, {unlocks}, {alarms}.":
        "La suma de las filas de los viajes. Fuera de cualquier viaje: {km} km, detenido {stopped} en {stops}, {unlocks}, {alarms}.",
    "log verified": "bitácora verificada",
    "LOG CHECK FAILED": "FALLÓ LA VERIFICACIÓN DE LA BITÁCORA",
    "no events to verify": "no hay eventos que verificar",
    "{trailer}: {fixes} fixes, {samples} fiber samples, {events} events in {pages} pages · {chain}":
        "{trailer}: {fixes} posiciones, {samples} muestras de fibra, {events} eventos en {pages} páginas · {chain}",
    "Unlocked by {actor}": "Desbloqueado por {actor}",
    "Locked by {actor}": "Bloqueado por {actor}",
    "Tamper: {kind}": "Manipulación: {kind}",
    "Alarm: {alarm}": "Alarma: {alarm}",
    "Stopped {duration} from {start}": "Detenido {duration} desde {start}",
    "{trips} · {km} km · driving {driving} · stopped {stopped} in {stops} · {unlocks} · {tampers} · {alarms}":
        "{trips} · {km} km · manejando {driving} · detenido {stopped} en {stops} · {unlocks} · {tampers} · {alarms}",
    "%n trip(s)": ("%n viaje", "%n viajes"),
    "%n stop(s)": ("%n parada", "%n paradas"),
    "%n unlock(s)": ("%n desbloqueo", "%n desbloqueos"),
    "%n tamper event(s)": ("%n evento de manipulación", "%n eventos de manipulación"),
    "%n alarm(s)": ("%n alarma", "%n alarmas"),
    "❚❚ Pause": "❚❚ Pausa",
    "Select the trip to report on in the table.": "Seleccione en la tabla el viaje del informe.",
    "Export {what}": "Exportar {what}",
    "Select a trip (and be signed in) for the audit report.":
        "Seleccione un viaje (con sesión iniciada) para el informe de auditoría.",
    "The seal audit report failed: {error}": "Falló el informe de auditoría de sello: {error}",
    "The fleet is not loaded yet: no report.": "La flotilla aún no está cargada: no hay informe.",
    "Fetching the alarms' records for the report…":
        "Obteniendo los registros de las alarmas para el informe…",
    "Could not fetch the alarms' records: {error}":
        "No se pudieron obtener los registros de las alarmas: {error}",
    "Could not save the report: {error}": "No se pudo guardar el informe: {error}",
    "Saved the seal audit report to {path}": "Informe de auditoría de sello guardado en {path}",
    # Journal
    "Offline actions damaged": "Acciones sin conexión dañadas",
    "The file of actions typed offline was damaged and set aside as {aside}. {kept} actions were read from it and kept; any others could not be read and were NOT sent: check them.":
        "El archivo de acciones capturadas sin conexión estaba dañado y se apartó como {aside}. Se leyeron y conservaron {kept} acciones; las demás no se pudieron leer y NO se enviaron: revíselas.",
    "{count} actions typed offline could not be read and were set aside in {aside}; they were NOT sent: check them. {kept} actions were read and kept.":
        "{count} acciones capturadas sin conexión no se pudieron leer y se apartaron en {aside}; NO se enviaron: revíselas. Se leyeron y conservaron {kept} acciones.",
    "The file of actions typed offline was damaged and set aside as {aside}; all {kept} actions in it were read and kept.":
        "El archivo de acciones capturadas sin conexión estaba dañado y se apartó como {aside}; se leyeron y conservaron sus {kept} acciones.",
    "Unsent messages damaged": "Mensajes sin enviar dañados",
    "The file of messages and call records not yet sent was damaged and set aside as {aside}. {kept} were read from it and kept; any others could not be read and were NOT sent: check them.":
        "El archivo de mensajes y registros de llamadas aún sin enviar estaba dañado y se apartó como {aside}. Se leyeron y conservaron {kept}; los demás no se pudieron leer y NO se enviaron: revíselos.",
    "{count} messages or call records not yet sent could not be read and were set aside in {aside}; they were NOT sent: check them. {kept} were read and kept.":
        "{count} mensajes o registros de llamadas aún sin enviar no se pudieron leer y se apartaron en {aside}; NO se enviaron: revíselos. Se leyeron y conservaron {kept}.",
    "The file of messages and call records not yet sent was damaged and set aside as {aside}; all {kept} in it were read and kept.":
        "El archivo de mensajes y registros de llamadas aún sin enviar estaba dañado y se apartó como {aside}; se leyeron y conservaron los {kept} que contenía.",
    "Local journal damaged": "Bitácora local dañada",
    "The local journal was damaged and set aside as {aside}; the fleet is reloaded from the server; nothing the server holds is lost.":
        "La bitácora local estaba dañada y se apartó como {aside}; la flotilla se recarga desde el servidor; no se pierde nada de lo que guarda el servidor.",
    # KeepNoteDialog
    "A colleague acted first — {trailer}": "Un compañero actuó primero — {trailer}",
    "What you had typed:": "Lo que había escrito:",
    # Lifecycle
    "{problem} — using the built-in action plans.": "{problem} — se usan los planes de acción integrados.",
    "{problem} — using the built-in message templates.":
        "{problem} — se usan las plantillas de mensaje integradas.",
    "Starting the embedded demo cloud…": "Iniciando la nube de demostración integrada…",
    "The embedded demo cloud did not start: {error}":
        "La nube de demostración integrada no inició: {error}",
    "Embedded demo cloud on {url}": "Nube de demostración integrada en {url}",
    "{carrier} — {user}": "{carrier} — {user}",
    "The embedded cloud stopped (exit code {code}).":
        "La nube integrada se detuvo (código de salida {code}).",
    # Link
    "Live": "En vivo",
    "Connecting": "Conectando",
    "Reconnecting": "Reconectando",
    "Offline": "Sin conexión",
    "Signed out": "Sesión cerrada",
    "● Reconnecting since {clock}": "● Reconectando desde las {clock}",
    "● Offline since {clock}": "● Sin conexión desde las {clock}",
    "● {state}": "● {state}",
    "NOT LIVE since {clock}": "SIN DATOS EN VIVO desde las {clock}",
    "Critical": "Crítico",
    "Warning": "Advertencia",
    "Information": "Información",
    "Live stream": "Flujo en vivo",
    "Gap backfill": "Relleno de huecos",
    "Local journal": "Bitácora local",
    "Severity": "Gravedad",
    "Title": "Título",
    "What happened": "Qué pasó",
    "Seq": "Sec.",
    "Type": "Tipo",
    "Why it was set aside": "Por qué se apartó",
    "Met in": "Detectado en",
    "The event's place in the cloud's log; the console stepped over it and carried on with the next one.":
        "La posición del evento en la bitácora de la nube; la consola lo omitió y siguió con el siguiente.",
    "—": "—",
    "Events from the cloud's log this console could not read. It stepped over them so the stream kept coming; click to see them.":
        "Eventos de la bitácora de la nube que esta consola no pudo leer. Los omitió para que el flujo siguiera llegando; haga clic para verlos.",
    "1 event set aside": "1 evento apartado",
    "{count} events set aside": "{count} eventos apartados",
    "Positions: 1 per {seconds} s per trailer": "Posiciones: 1 cada {seconds} s por remolque",
    "This console cannot draw every position fix of a fleet this size right now, so it asks the cloud for at most one fix per trailer every {seconds} s (the latest). Alarms, lock and seal events are never thinned. It returns to every fix by itself when it can keep up.":
        "Por ahora esta consola no puede dibujar todas las posiciones de una flotilla de este tamaño, así que le pide a la nube como máximo una posición por remolque cada {seconds} s (la más reciente). Las alarmas y los eventos de candado y sello nunca se reducen. Vuelve sola a todas las posiciones cuando puede mantener el ritmo.",
    " — retrying in {seconds} s": " — reintento en {seconds} s",
    "Lag {seconds} s": "Retraso {seconds} s",
    "Lag —": "Retraso —",
    "{rate} updates/s": "{rate} actualizaciones/s",
    "{trailers} trailers · {alarms} open alarms · seq {seq}":
        "remolques: {trailers} · alarmas abiertas: {alarms} · sec. {seq}",
    "frames {frames}, events {events}, duplicates dropped {duplicates}, malformed {malformed}, gaps backfilled {gaps}, reconnects {reconnects}, resyncs {resyncs}, dead links {dead_links}":
        "tramas {frames}, eventos {events}, duplicados descartados {duplicates}, mal formados {malformed}, huecos rellenados {gaps}, reconexiones {reconnects}, resincronizaciones {resyncs}, enlaces caídos {dead_links}",
    # LockDetailPanel
    "Shackle": "Arco",
    "GPS": "GPS",
    "Last contact": "Último contacto",
    "closed": "cerrado",
    "released (unlocked)": "liberado (desbloqueado)",
    "OPEN — forced": "ABIERTO — forzado",
    "Lock and signal": "Candado y señal",
    "Seal custody": "Custodia del sello",
    "Not signed in: live samples only": "Sin sesión iniciada: solo muestras en vivo",
    "{trailer}: not in the fleet (yet)": "{trailer}: no está en la flotilla (todavía)",
    "app OFFLINE": "app FUERA DE LÍNEA",
    "(low)": "(baja)",
    "{age} ago ({clock})": "hace {age} ({clock})",
    "{priority} · {alarm} at {clock}: {detail}": "{priority} · {alarm} a las {clock}: {detail}",
    "{glyph} Seal: {verdict}": "{glyph} Sello: {verdict}",
    "LOST — no fix yet": "PERDIDO — aún sin posición",
    "LOST — last fix {age} ago, {where}": "PERDIDO — última posición hace {age}, {where}",
    "fix good, {age} old — {where}": "posición buena, de hace {age} — {where}",
    "fix old, {age} old — {where}": "posición vieja, de hace {age} — {where}",
    "fix STALE, {age} old — {where}": "posición OBSOLETA, de hace {age} — {where}",
    "no trip planned": "sin viaje planeado",
    "arrived {clock}": "llegó {clock}",
    "departed {clock}": "salió {clock}",
    "departs from {clock}": "sale a partir de {clock}",
    "OVERDUE (planned by {clock})": "RETRASADO (planeado para {clock})",
    "ETA by {clock} (planned)": "ETA {clock} (planeada)",
    # LockTimeline
    "Shackle forced open": "Arco abierto a la fuerza",
    "key": "llave",
    "unknown": "desconocido",
    "read": "leído",
    "Trip planned: {origin} → {destination}": "Viaje planeado: {origin} → {destination}",
    "Trip departed: {origin} → {destination}": "Salida del viaje: {origin} → {destination}",
    "Trip arrived: {origin} → {destination}": "Llegada del viaje: {origin} → {destination}",
    "Alarm {alarm}": "Alarma {alarm}",
    "Alarm {alarm} at {when}": "Alarma {alarm} el {when}",
    "Driver app online": "App del operador en línea",
    "Driver app offline": "App del operador fuera de línea",
    "Driver {driver}": "Operador {driver}",
    "From {state} · by {actor}": "Desde {state} · por {actor}",
    "Seal level {level} dBm": "Nivel del sello {level} dBm",
    "Alarm repeated (×{count})": "Alarma repetida (×{count})",
    "Resolved by {who}: {outcome}": "Resuelta por {who}: {outcome}",
    "Step done by {who}": "Paso hecho por {who}",
    "Step undone by {who}": "Paso desmarcado por {who}",
    "Seen by {who}": "Vista por {who}",
    "Trip {trip}": "Viaje {trip}",
    "Entered {place}": "Entró a {place}",
    "Left {place}": "Salió de {place}",
    "Geofence {geofence}": "Geocerca {geofence}",
    "Last known position": "Última posición conocida",
    "GPS fix lost": "Se perdió la posición GPS",
    "GPS fix regained": "Se recuperó la posición GPS",
    "Lock battery low ({pct} %)": "Batería del candado baja ({pct} %)",
    "Driver called by {who}: {outcome}": "{who} llamó al operador: {outcome}",
    "Message to driver from {who} ({status})": "Mensaje de {who} al operador ({status})",
    "Message from driver": "Mensaje del operador",
})

TRANSLATIONS.update({
    "The cloud refused the {what} request: {error}":
        "La nube rechazó la solicitud ({what}): {error}",
    "Could not load the {what} after {tries} tries ({error}); nothing was shown as complete.":
        "No se pudo cargar: {what}, tras {tries} intentos ({error}); no se mostró nada como completo.",
})

# ---------------------------------------------------------------- main window, dialogs, seal, views
TRANSLATIONS.update({
    "OpticalLock Dispatcher": "OpticalLock Dispatcher",
    "The map is not shown in this window.": "El mapa no se muestra en esta ventana.",
    "Fleet": "Flotilla",
    "Alarm queue": "Cola de alarmas",
    "Trailer detail": "Detalle del remolque",
    "Lock && seal signal": "Señal de candado && sello",
    "Trip history": "Historial de viajes",
    "Unlock requests": "Solicitudes de desbloqueo",
    "Drivers": "Operadores",
    "&Session": "&Sesión",
    "Shift &handover report…": "&Informe de entrega de turno…",
    "Link &diagnostics…": "&Diagnóstico del enlace…",
    "Sign &out": "C&errar sesión",
    "&Quit": "&Salir",
    "&Alarms": "&Alarmas",
    "&Unlock requests": "Solicitudes de &desbloqueo",
    "Alarm &statistics…": "&Estadísticas de alarmas…",
    "Alarm &policies and call lists…": "Po&líticas de alarma y listas de llamadas…",
    "Seal &maintenance work orders…": "Órdenes de &mantenimiento de sellos…",
    "&View": "&Ver",
    "&Lock and seal signal of the selected trailer":
        "Señal de &candado y sello del remolque seleccionado",
    "Trip &history of the selected trailer…": "&Historial de viajes del remolque seleccionado…",
    "F&ollow selected trailer": "&Seguir al remolque seleccionado",
    "Fit &fleet on map": "&Ajustar la flotilla al mapa",
    "Online map &tiles (OpenStreetMap)": "&Mosaicos de mapa en línea (OpenStreetMap)",
    "Loads street map tiles from the internet; off by default. The offline basemap stays underneath.":
        "Carga mosaicos de mapa de calles desde internet; desactivado por omisión. El mapa base sin conexión queda debajo.",
    "&Find trailer": "&Buscar remolque",
    "Unlock requests ({count})": "Solicitudes de desbloqueo ({count})",
    "{title} — {user}": "{title} — {user}",
    "({count}) {title}": "({count}) {title}",
    # MaintenanceView
    "Seal maintenance — OpticalLock Dispatcher": "Mantenimiento de sellos — OpticalLock Dispatcher",
    "Seals whose fiber level sags 3 to 10 dB below their own baseline, most urgent first (projected days until 10 dB at the trend of the last {days} days).":
        "Sellos cuyo nivel de fibra cae de 3 a 10 dB por debajo de su propia línea base, los más urgentes primero (días proyectados hasta 10 dB según la tendencia de los últimos {days} días).",
    "Refresh": "Actualizar",
    "Export work orders…": "Exportar órdenes de trabajo…",
    "Reading the sagging seals' fiber history…":
        "Leyendo el historial de fibra de los sellos con caída…",
    "The maintenance list could not be built: {error}":
        "No se pudo armar la lista de mantenimiento: {error}",
    "{count} seals need a maintenance visit.": "Sellos que necesitan una visita de mantenimiento: {count}.",
    "No seal sags 3 dB or more below its baseline.":
        "Ningún sello cae 3 dB o más por debajo de su línea base.",
    "Export work orders": "Exportar órdenes de trabajo",
    "CSV files (*.csv)": "Archivos CSV (*.csv)",
    "Could not write {path}: {error}": "No se pudo escribir {path}: {error}",
    "Work orders written to {path}": "Órdenes de trabajo escritas en {path}",
    # MessageBubble
    "☎ Call by {who}: {outcome}": "☎ Llamada de {who}: {outcome}",
    "about alarm {id}": "sobre la alarma {id}",
    "Not sent.": "No enviado.",
    "Discard": "Descartar",
    "Remove it: it was never sent": "Quitarlo: nunca se envió",
    "Retry": "Reintentar",
    "Send it again (the cloud never sends it twice)": "Enviarlo de nuevo (la nube nunca lo envía dos veces)",
    # Messenger
    "Conversation with {driver} unavailable: {error}":
        "Conversación con {driver} no disponible: {error}",
    "the console's network loop is not running (a bug)":
        "el ciclo de red de la consola no está corriendo (un error del programa)",
    "The message is empty.": "El mensaje está vacío.",
    "The message is {length} characters long; the limit is {limit}.":
        "El mensaje tiene {length} caracteres; el límite es {limit}.",
    "Not sent: the console's network loop is not running (a bug).":
        "No enviado: el ciclo de red de la consola no está corriendo (un error del programa).",
    "Message": "Mensaje",
    "Call record": "Registro de llamada",
    "{what} not sent: not signed in.": "{what} no enviado: sin sesión iniciada.",
    "{what} refused: {count} invalid field(s).": "{what} rechazado: {count} campo(s) no válido(s).",
    "{what} not sent: not signed in ({error}).": "{what} no enviado: sin sesión iniciada ({error}).",
    "{what} not confirmed: {error}": "{what} sin confirmar: {error}",
    "{what} not sent: {error}": "{what} no enviado: {error}",
    "{what} refused by the cloud: {error}": "{what} rechazado por la nube: {error}",
    "No driver {driver} in the fleet.": "No existe el operador {driver} en la flotilla.",
    # NoticeBar
    "Link notice": "Aviso del enlace",
    "Details…": "Detalles…",
    "Open the link diagnostics: every notice, and the events the link set aside":
        "Abrir el diagnóstico del enlace: todos los avisos y los eventos que el enlace apartó",
    "Close this notice": "Cerrar este aviso",
    "(+{count} more)": "(+{count} más)",
    "{severity}: {title}. {text}": "{severity}: {title}. {text}",
    "<b style='font-size:16px'>{count}</b>&nbsp; {status}":
        "<b style='font-size:16px'>{count}</b>&nbsp; {status}",
    # PoliciesDialog
    "Alarm policies and call lists": "Políticas de alarma y listas de llamadas",
    "Acknowledge within:": "Reconocer dentro de:",
    "Not acknowledged by then, the alarm escalates and the call list below is walked.":
        "Si no se reconoce para entonces, la alarma escala y se recorre la lista de llamadas de abajo.",
    "Quiet alarm (covert)": "Alarma silenciosa (encubierta)",
    "The driver may be under duress: the console never suggests messaging the driver first, shows a discreet banner, and the plan calls security.":
        "El operador podría estar bajo coacción: la consola nunca sugiere escribirle primero al operador, muestra un aviso discreto y el plan llama a seguridad.",
    "Call list — reached in this order, each after its delay, while nobody has acknowledged:":
        "Lista de llamadas — se contacta en este orden, cada uno tras su demora, mientras nadie haya reconocido:",
    "Add": "Agregar",
    "Remove": "Quitar",
    "Move up": "Subir",
    "Move down": "Bajar",
    "Discard my edits": "Descartar mis cambios",
    "Save": "Guardar",
    "seconds": "segundos",
    "minutes": "minutos",
    "hours": "horas",
    "Row {row}, {column}: {problem}": "Fila {row}, {column}: {problem}",
    "Saving…": "Guardando…",
    "Saved as version {n}.": "Guardado como versión {n}.",
    # RefuseDialog
    "Refuse unlock — {trailer}": "Rechazar desbloqueo — {trailer}",
    "Why may the driver not unlock? (required, e.g. 'Not at the consignee: wait for the dispatcher's call')":
        "¿Por qué no puede desbloquear el operador? (obligatorio, p. ej. 'No está con el destinatario: espere la llamada del despachador')",
    "Refuse unlock": "Rechazar desbloqueo",
    "Reason:": "Motivo:",
    "Unlock request": "Solicitud de desbloqueo",
    "Reason": "Motivo",
    "Asked at": "Solicitada a las",
    # ResolveDialog
    "Resolve alarm — {trailer}": "Resolver alarma — {trailer}",
    "Choose an outcome…": "Elija un resultado…",
    "What happened, who confirmed it, reference numbers…":
        "Qué pasó, quién lo confirmó, números de referencia…",
    "Resolve": "Resolver",
    "Outcome:": "Resultado:",
    "One reason for all of them": "Un solo motivo para todos",
    "Why none of these steps was done": "Por qué no se hizo ninguno de estos pasos",
    "Steps not done ({n}): say why": "Pasos no realizados ({n}): indique por qué",
    "Why it was not done": "Por qué no se hizo",
    "Say why the {n} open steps were not done (at least {min} characters).":
        "Indique por qué no se hicieron los {n} pasos pendientes (al menos {min} caracteres).",
    "Say why each open step was not done; missing: {steps}.":
        "Indique por qué no se hizo cada paso pendiente; faltan: {steps}.",
    "Choose the outcome that closes this alarm.": "Elija el resultado que cierra esta alarma.",
    "“Other” needs a note saying what happened.": "“Otro” requiere una nota que diga qué pasó.",
    # Seal
    "Healthy": "Sano",
    "Slow attenuation": "Atenuación lenta",
    "CUT OR TAMPERED": "CORTADO O MANIPULADO",
    "No signal": "Sin señal",
    "Seal / fiber": "Sello / fibra",
    "Alarms & actions": "Alarmas y acciones",
    "Geofence / trip": "Geocerca / viaje",
    "Comms / GPS": "Comunicación / GPS",
    "{n} h": "{n} h",
    "{n} days": "{n} días",
    "{level} dBm, {drop} dB below its baseline {baseline} dBm":
        "{level} dBm, {drop} dB por debajo de su línea base de {baseline} dBm",
    "{level} dBm, {drop} dB above its baseline {baseline} dBm":
        "{level} dBm, {drop} dB por encima de su línea base de {baseline} dBm",
    "Critical: treat as tampering until the seal is checked.":
        "Crítico: trátelo como manipulación hasta revisar el sello.",
    "No fiber readings received from this lock yet.":
        "Aún no se reciben lecturas de fibra de este candado.",
    "No reading for {silence}: the lock is not reporting. Last level {level} dBm at {when}.":
        "Sin lectura desde hace {silence}: el candado no está reportando. Último nivel {level} dBm el {when}.",
    "Sudden drop of {step} dB at {when} — no light passes the seal loop: it was cut or opened. Now {where}.":
        "Caída repentina de {step} dB el {when} — no pasa luz por el lazo del sello: lo cortaron o lo abrieron. Ahora {where}.",
    "Sudden drop of {step} dB at {when} — the fiber was cut, pinched or tampered with. Now {where}.":
        "Caída repentina de {step} dB el {when} — la fibra fue cortada, prensada o manipulada. Ahora {where}.",
    "No light passes the seal loop ({where}) since at least {when}: cut or opened.":
        "No pasa luz por el lazo del sello ({where}) desde por lo menos {when}: cortado o abierto.",
    "Seal signal healthy: {where}.": "Señal del sello sana: {where}.",
    "It recovered after a sudden drop at {when} (seal replaced?).":
        "Se recuperó después de una caída repentina el {when} (¿se reemplazó el sello?).",
    "Slightly low: keep an eye on it.": "Un poco baja: vigílela.",
    "lost over {span}": "perdidos en {span}",
    "already this low {span} ago": "ya estaba así de baja hace {span}",
    "{how} (still losing {rate} dB/day)": "{how} (sigue perdiendo {rate} dB/día)",
    "Slow attenuation: {where}, {how}, with no sudden drop. Connector dirty or worn: schedule cleaning.":
        "Atenuación lenta: {where}, {how}, sin caída repentina. Conector sucio o desgastado: programe la limpieza.",
    "The seal is close to passing no light: replace the connector or seal soon.":
        "El sello está a punto de no dejar pasar luz: reemplace pronto el conector o el sello.",
    # SealCustody
    "The cloud has no record of seal {number}.": "La nube no tiene registro del sello {number}.",
    "Not signed in: the seal's custody chain cannot be loaded.":
        "Sin sesión iniciada: no se puede cargar la cadena de custodia del sello.",
    "The custody chain of seal {number} could not be loaded: {error}":
        "No se pudo cargar la cadena de custodia del sello {number}: {error}",
    "The cloud refused the custody chain of seal {number}: {error}":
        "La nube rechazó la cadena de custodia del sello {number}: {error}",
    "When": "Cuándo",
    "Details": "Detalles",
    "Local time": "Hora local",
    "No seal": "Sin sello",
    "Select a trailer to see its seal's custody chain.":
        "Seleccione un remolque para ver la cadena de custodia de su sello.",
    "Seal {number}": "Sello {number}",
    "Not signed in: the custody chain is not loaded.":
        "Sin sesión iniciada: la cadena de custodia no está cargada.",
    "Loading the custody chain…": "Cargando la cadena de custodia…",
    "Seal {number} · {iso_class} · {manufacturer} · {state}":
        "Sello {number} · {iso_class} · {manufacturer} · {state}",
    "{count} link(s) in the custody chain, oldest first; times are local.":
        "{count} eslabón(es) en la cadena de custodia, el más antiguo primero; horas locales.",
    "No custody events recorded for this seal.": "No hay eventos de custodia registrados para este sello.",
    # SealLedger
    "Waiting": "En espera",
    "Approved": "Aprobada",
    "Refused": "Rechazada",
    "Used": "Usada",
    "Expired": "Vencida",
    "ISO 17712 class I (indicative)": "ISO 17712 clase I (indicativo)",
    "ISO 17712 class S (security)": "ISO 17712 clase S (seguridad)",
    "ISO 17712 class H (high security)": "ISO 17712 clase H (alta seguridad)",
    "in stock": "en inventario",
    "Issued": "Emitido",
    "Applied": "Colocado",
    "Checked": "Verificado",
    "Removed": "Retirado",
    "Replaced": "Reemplazado",
    "customs (CBP)": "aduana (CBP)",
    "terminal": "terminal",
    "lock": "candado",
    "carrier": "transportista",
    # SealMaintenance
    "Clean connector": "Limpiar conector",
    "Replace seal": "Reemplazar sello",
    "Seal number": "Número de sello",
    "Sag (dB)": "Caída (dB)",
    "Trend (dB/day)": "Tendencia (dB/día)",
    "Days to 10 dB": "Días para 10 dB",
    "Suggested action": "Acción sugerida",
    "How far the level is below the seal's baseline":
        "Qué tanto está el nivel por debajo de la línea base del sello",
    "dB lost per day, fitted over the last days' readings":
        "dB perdidos por día, ajustados sobre las lecturas de los últimos días",
    "Days until the sag reaches 10 dB at this trend (the seal then reads as cut)":
        "Días hasta que la caída llegue a 10 dB con esta tendencia (entonces el sello se lee como cortado)",
    # SignInDialog
    "Sign in — OpticalLock Dispatcher": "Iniciar sesión — OpticalLock Dispatcher",
    "Remember me on this computer": "Recordarme en esta computadora",
    "The system's trusted authorities": "Las autoridades de confianza del sistema",
    "A PEM file of your organisation's certificate authority, if the cloud's certificate is signed by it; leave empty to trust the system's authorities only.":
        "Un archivo PEM de la autoridad certificadora de su organización, si firma el certificado de la nube; déjelo vacío para confiar solo en las autoridades del sistema.",
    "Choose…": "Elegir…",
    "Server": "Servidor",
    "User": "Usuario",
    "Password": "Contraseña",
    "CA bundle": "Paquete de CA",
    "Sign in": "Iniciar sesión",
    "OpticalLock Dispatcher Console": "Consola OpticalLock Dispatcher",
    "Signing in…": "Iniciando sesión…",
    "The server address must start with http:// or https://":
        "La dirección del servidor debe empezar con http:// o https://",
    "Enter your user name and password.": "Escriba su usuario y contraseña.",
    "The connection to {host} is not encrypted: passwords and alarms travel in clear text.":
        "La conexión con {host} no está cifrada: las contraseñas y alarmas viajan en texto plano.",
    "Choose the CA bundle": "Elegir el paquete de CA",
    "Certificates (*.pem *.crt *.cer)": "Certificados (*.pem *.crt *.cer)",
    "All files (*)": "Todos los archivos (*)",
    # StatisticsView
    "Alarm statistics — OpticalLock Dispatcher": "Estadísticas de alarmas — OpticalLock Dispatcher",
    "Today": "Hoy",
    "This week": "Esta semana",
    "Custom…": "Personalizado…",
    "Export CSV…": "Exportar CSV…",
    "from": "de",
    "Reading the cloud's record…": "Leyendo el registro de la nube…",
    "The statistics could not be read: {error}": "No se pudieron leer las estadísticas: {error}",
    "Alarms raised {period}": "Alarmas activadas {period}",
    "{count} alarms · {open} open · acknowledged in {ack_median} min (median), {ack_p90} min (p90) · resolved in {resolve_median} min (median), {resolve_p90} min (p90)":
        "alarmas: {count} · abiertas: {open} · reconocidas en {ack_median} min (mediana), {ack_p90} min (p90) · resueltas en {resolve_median} min (mediana), {resolve_p90} min (p90)",
    "Median and p90 by nearest rank; times from the alarm being raised.":
        "Mediana y p90 por rango más cercano; tiempos desde que se activó la alarma.",
    "Export CSV": "Exportar CSV",
    "Export PDF": "Exportar PDF",
    "Written to {path}": "Escrito en {path}",
    # TripTable
    "From → to": "Origen → destino",
    "Driving": "Manejo",
    "Tamper": "Manipulación",
    "NOT AUTHORISED": "NO AUTORIZADO",
    "not the planned destination": "no es el destino planeado",
    "{n} (under way)": "{n} (en curso)",
    "{n} ({bad} unauthorised)": "{n} ({bad} no autorizados)",
    # UnlockPanel
    "Approve…": "Aprobar…",
    "Refuse…": "Rechazar…",
    "Unlock of {trailer} approved: code {code}": "Desbloqueo de {trailer} aprobado: código {code}",
    "Unlock of {trailer} refused.": "Desbloqueo de {trailer} rechazado.",
    "{waiting} waiting for a decision · {approved} approved, not used yet":
        "en espera de decisión: {waiting} · aprobadas sin usar: {approved}",
    "No unlock requests.": "No hay solicitudes de desbloqueo.",
    "Show code…": "Mostrar código…",
    "Approved until {clock}": "Aprobada hasta las {clock}",
    "Waiting since": "En espera desde",
    "Distance and direction from the nearest city when the driver asked":
        "Distancia y dirección desde la ciudad más cercana cuando el operador lo solicitó",
    "The geofence the trailer was in when the driver asked":
        "La geocerca en la que estaba el remolque cuando el operador lo solicitó",
    "When the driver asked, and how long ago": "Cuándo lo solicitó el operador, y hace cuánto",
    "Link notices": "Avisos del enlace",
})

# ---------------------------------------------------------------- added in session 21
TRANSLATIONS.update({
    "{clock} ({age} ago)": "{clock} (hace {age})",
    "About and licences": "Acerca de y licencias",
    "Version {version}": "Versión {version}",
    "Qt {qt} · PySide6 {pyside} · Python {python}": "Qt {qt} · PySide6 {pyside} · Python {python}",
    "Vendored code": "Código de terceros incluido",
    "Offline basemap data": "Datos del mapa base sin conexión",
    "Online map tiles": "Mosaicos de mapa en línea",
    "Off by default (View ▸ Online map tiles). When on, street tiles come from OpenStreetMap: © OpenStreetMap contributors, data under the Open Database Licence (openstreetmap.org/copyright).":
        "Desactivado por omisión (Ver ▸ Mosaicos de mapa en línea). Cuando está activado, los mosaicos de calles vienen de OpenStreetMap: © colaboradores de OpenStreetMap, datos bajo la Open Database Licence (openstreetmap.org/copyright).",
    "Alarm sounds": "Sonidos de alarma",
    "turned off in Preferences": "desactivados en Preferencias",
    "volume at 0 % in Preferences": "volumen en 0 % en Preferencias",
    "muted until {time}": "silenciados hasta las {time}",
    "sound file missing: {files}": "falta el archivo de sonido: {files}",
    "no audio output device": "no hay dispositivo de salida de audio",
    "cannot play {files}": "no se puede reproducir {files}",
    "{lat}, {lon} · {speed}": "{lat}, {lon} · {speed}",
    "Clear search": "Borrar búsqueda",
    "{trailer} is hidden by the search.": "La búsqueda oculta a {trailer}.",
    "The sum of the trips' rows. Outside any trip: {distance}, stopped {stopped} in {stops}, {unlocks}, {alarms}.":
        "La suma de las filas de los viajes. Fuera de cualquier viaje: {distance}, detenido {stopped} en {stops}, {unlocks}, {alarms}.",
    "{trips} · {distance} · driving {driving} · stopped {stopped} in {stops} · {unlocks} · {tampers} · {alarms}":
        "{trips} · {distance} · manejando {driving} · detenido {stopped} en {stops} · {unlocks} · {tampers} · {alarms}",
    "&Edit": "&Editar",
    "&Preferences…": "&Preferencias…",
    "&Help": "A&yuda",
    "&Keyboard shortcuts": "&Atajos de teclado",
    "&About OpticalLock Dispatcher": "Acerca &de OpticalLock Dispatcher",
    "Keyboard shortcuts": "Atajos de teclado",
    "Type to filter: an action, a menu or a key": "Escriba para filtrar: una acción, un menú o una tecla",
    "Filter shortcuts": "Filtrar atajos",
    "&Search:": "&Buscar:",
    "Keys": "Teclas",
    "{name} (not available now)": "{name} (no disponible ahora)",
    "Alarm sound off — {reason}": "Sonido de alarma apagado — {reason}",
    "New alarms will not be heard: {reason}. They are still shown and notified.":
        "Las alarmas nuevas no se oirán: {reason}. Se siguen mostrando y notificando.",
    "{name} is not a time zone (e.g. America/Chicago, UTC)":
        "{name} no es una zona horaria (p. ej. America/Mexico_City, UTC)",
    "{n} mph": "{n} mph",
    "{n} mi": "{n} mi",
    "{n} km": "{n} km",
    "mi": "mi",
    "km": "km",
})

# ---------------------------------------------------------------- reports' headings, action plans, preferences
TRANSLATIONS.update({
    "About OpticalLock Dispatcher": "Acerca de OpticalLock Dispatcher",
    "Step (what the dispatcher reads)": "Paso (lo que lee el despachador)",
    "Hint (shown on hover)": "Sugerencia (se muestra al pasar el puntero)",
    "Id": "Id",
    "Stored on the alarm's record when the step is ticked: a saved step keeps its id":
        "Se guarda en el registro de la alarma cuando se marca el paso: un paso guardado conserva su id",
    "NO": "NO",
    "none recorded": "ninguno registrado",
    "Action-plan steps": "Pasos del plan de acción",
    "Driver messages and calls": "Mensajes y llamadas con el operador",
    "{trailer} is hidden by the fleet search; clear the search to see it.":
        "La búsqueda de la flotilla oculta a {trailer}; borre la búsqueda para verlo.",
    "Done:": "Hecho:",
    "Done": "Hecho",
    "Still to do": "Pendiente",
    "Not done": "No realizado",
    "Not yet received by the cloud": "Aún no recibido por la nube",
    "Action plans": "Planes de acción",
    "What the checklist is headed with": "El encabezado de la lista de verificación",
    "Title:": "Título:",
    "Written for a quiet alarm (used as it is, the rule for quiet alarms is not applied)":
        "Escrito para una alarma silenciosa (se usa tal cual; no se aplica la regla de alarmas silenciosas)",
    "Left out of every plan for a quiet alarm (they contact the driver), by step id:":
        "Se omiten de todo plan para una alarma silenciosa (contactan al operador), por id de paso:",
    "Add step": "Agregar paso",
    "Steps done first for every quiet alarm, before the plan's own:":
        "Pasos que se hacen primero en toda alarma silenciosa, antes de los del plan:",
    "Steps, in the order the dispatcher works through them:":
        "Pasos, en el orden en que el despachador los atiende:",
    "Step {row}, {column}: {problem}": "Paso {row}, {column}: {problem}",
    "The server URL must start with https:// (or http://)":
        "La URL del servidor debe empezar con https:// (o http://)",
    "The server URL has a port that is not a number from 0 to 65535":
        "La URL del servidor tiene un puerto que no es un número del 0 al 65535",
    "The server URL has no host name": "La URL del servidor no tiene nombre de host",
    "Preferences": "Preferencias",
    "Preference pages": "Páginas de preferencias",
    "&Connection": "&Conexión",
    "Cloud &server URL:": "URL del &servidor en la nube:",
    "The cloud this console signs in to next time; empty: the embedded demo cloud":
        "La nube en la que esta consola inicia sesión la próxima vez; vacío: la nube de demostración integrada",
    "Load street tiles from the internet": "Cargar mosaicos de calles desde internet",
    "Online map &tiles:": "&Mosaicos de mapa en línea:",
    "OpenStreetMap tiles over the offline basemap; off by default":
        "Mosaicos de OpenStreetMap sobre el mapa base sin conexión; desactivado por omisión",
    "&Alarms": "&Alarmas",
    "Play a sound for new and escalated alarms": "Reproducir un sonido con alarmas nuevas y escaladas",
    "Alarm s&ounds:": "&Sonidos de alarma:",
    "&Volume (%):": "&Volumen (%):",
    "0 % means no alarm is heard: the window then says so":
        "0 % significa que no se oye ninguna alarma: la ventana lo indica",
    " min": " min",
    "&Escalate unacknowledged after:": "&Escalar sin reconocer después de:",
    "A critical alarm nobody acknowledged escalates after this long, then again after each further interval":
        "Una alarma crítica que nadie reconoció escala tras este tiempo, y de nuevo tras cada intervalo adicional",
    "Trailer is &stale without a fix for:": "Remolque &desactualizado sin posición durante:",
    "&Display": "&Pantalla",
    "Kilometres (km, km/h)": "Kilómetros (km, km/h)",
    "Miles (mi, mph)": "Millas (mi, mph)",
    "&Units:": "&Unidades:",
    "The computer's time zone": "La zona horaria de la computadora",
    "&Time zone:": "&Zona horaria:",
    "Every time the alarms show is in this zone, with its name":
        "Todas las horas de las alarmas se muestran en esta zona, con su nombre",
    "The computer's language": "El idioma de la computadora",
    "&Language:": "&Idioma:",
    "Automatic (light by day, dark by night)": "Automático (claro de día, oscuro de noche)",
    "Light": "Claro",
    "Dark": "Oscuro",
    "T&heme:": "&Tema:",
    "&Font size:": "Tamaño de &letra:",
    "In percent of the system's font size": "En porcentaje del tamaño de letra del sistema",
    "D&rivers": "&Operadores",
    "&Softphone call URL:": "URL de llamada del &softphone:",
    "tel:{phone} uses the desktop's phone handler; a softphone's URL takes {phone} (+16195550142) or {digits} (16195550142)":
        "tel:{phone} usa el manejador de teléfono del escritorio; la URL de un softphone acepta {phone} (+16195550142) o {digits} (16195550142)",
    "Problem with {field}": "Problema con {field}",
})

TRANSLATIONS.update({
    "Hint for the chosen step (shown on hover):":
        "Sugerencia para el paso elegido (se muestra al pasar el puntero):",
    "Step {row}: {problem}": "Paso {row}: {problem}",
    "&Volume:": "&Volumen:",
    "A value on this page cannot be used": "Un valor de esta página no se puede usar",
})

# ---------------------------------------------------------------- the modules' own _tr()/_t() helpers
TRANSLATIONS.update({
    # ActionPlans (console/alarms/plans_editor.py)
    "A title is needed.": "Se necesita un título.",
    "A label is needed.": "Se necesita un texto.",
    "A hint is at most {n} characters.": "Una sugerencia tiene como máximo {n} caracteres.",
    "At most {n} characters.": "Como máximo {n} caracteres.",
    "A plan needs at least one step.": "Un plan necesita al menos un paso.",
    "At most {n} steps.": "Como máximo {n} pasos.",
    "“{id}” is not a step id (a-z, 0-9 and _).": "“{id}” no es un id de paso (a-z, 0-9 y _).",
    "An id is a-z, 0-9 and _ (e.g. call_driver), at most {n} characters.":
        "Un id es a-z, 0-9 y _ (p. ej. call_driver), como máximo {n} caracteres.",
    "Another step of this plan has the id {id}.": "Otro paso de este plan tiene el id {id}.",
    "Every alarm type needs a plan.": "Cada tipo de alarma necesita un plan.",
    "Quiet alarms (covert rule)": "Alarmas silenciosas (regla encubierta)",
    "Not loaded yet": "Aún no cargado",
    "Version {n}, the shipped plans": "Versión {n}, los planes incluidos",
    "Version {n}, saved by {who} at {clock}": "Versión {n}, guardada por {who} a las {clock}",
    "Not signed in: the action plans cannot be loaded.":
        "Sin sesión iniciada: no se pueden cargar los planes de acción.",
    "This cloud does not keep action plans (it is older than this console): the console's own plans are in force and cannot be edited here.":
        "Esta nube no guarda planes de acción (es anterior a esta consola): rigen los planes propios de la consola y no se pueden editar aquí.",
    "The action plans could not be loaded: {error}": "No se pudieron cargar los planes de acción: {error}",
    "Not signed in: the action plans were not saved.":
        "Sin sesión iniciada: los planes de acción no se guardaron.",
    "Fix what is marked first: {problem}": "Corrija primero lo marcado: {problem}",
    "Saved, but the cloud's answer could not be read; the new version shows in a moment.":
        "Guardado, pero no se pudo leer la respuesta de la nube; la nueva versión aparece en un momento.",
    "The cloud refused the action plans: {reason}": "La nube rechazó los planes de acción: {reason}",
    "The action plans were not saved ({error}). Your edits are kept; try again.":
        "Los planes de acción no se guardaron ({error}). Sus cambios se conservan; intente de nuevo.",
    "Somebody saved first: {reason}": "Alguien guardó primero: {reason}",
    "{who} saved version {n} at {clock} first{changed}. Your edits are kept on top of it: save again to apply them, or discard them to take that version.":
        "{who} guardó primero la versión {n} a las {clock}{changed}. Sus cambios se conservan encima de ella: guarde de nuevo para aplicarlos, o descártelos para quedarse con esa versión.",
    " (changed: {plans})": " (cambiados: {plans})",
    "{who} saved version {n} at {clock} while you were editing{changed}. Saving will ask what to do with your edits.":
        "{who} guardó la versión {n} a las {clock} mientras usted editaba{changed}. Al guardar se le preguntará qué hacer con sus cambios.",
    "To fix: {problem}": "Por corregir: {problem}",
    # Policies (console/alarms/policies.py)
    "Name whom to reach.": "Indique a quién contactar.",
    "A phone number is needed.": "Se necesita un número de teléfono.",
    "A phone number is \"+\" and 7 to 15 digits, e.g. +34600123456.":
        "Un número de teléfono es \"+\" y de 7 a 15 dígitos, p. ej. +526641234567.",
    "An e-mail address is needed.": "Se necesita una dirección de correo.",
    "Not an e-mail address (name@example.com).": "No es una dirección de correo (nombre@ejemplo.com).",
    "A delay is 0 to 24 hours.": "Una demora es de 0 a 24 horas.",
    "Acknowledge within 30 seconds to 24 hours.": "Reconocer dentro de 30 segundos a 24 horas.",
    "At most {n} people on a call list.": "Como máximo {n} personas en una lista de llamadas.",
    "Version {n}, the cloud's defaults": "Versión {n}, los valores predeterminados de la nube",
    "Not signed in: the policies cannot be loaded.":
        "Sin sesión iniciada: no se pueden cargar las políticas.",
    "The policies could not be loaded: {error}": "No se pudieron cargar las políticas: {error}",
    "Not signed in: the policies were not saved.": "Sin sesión iniciada: las políticas no se guardaron.",
    "The cloud refused the policies: {reason}": "La nube rechazó las políticas: {reason}",
    "The policies were not saved ({error}). Your edits are kept; try again.":
        "Las políticas no se guardaron ({error}). Sus cambios se conservan; intente de nuevo.",
    " (changed: {types})": " (cambiados: {types})",
    "{priority} — to fix: {problem}": "{priority} — por corregir: {problem}",
    # AlarmStatistics (console/alarms/statistics.py)
    "All alarms": "Todas las alarmas",
    "{start} to {end} ({zone})": "{start} a {end} ({zone})",
    "Alarm statistics": "Estadísticas de alarmas",
    "Generated {when} by {user}. Times are minutes from the alarm being raised; median and p90 by nearest rank.":
        "Generado {when} por {user}. Los tiempos son minutos desde que se activó la alarma; mediana y p90 por rango más cercano.",
    "Alarm statistics · {period} · page {page} of {pages}":
        "Estadísticas de alarmas · {period} · página {page} de {pages}",
    # Transport (console/link/transport.py)
    "the file does not exist": "el archivo no existe",
    "it is a folder, not a file": "es una carpeta, no un archivo",
    "this user may not read it": "este usuario no tiene permiso para leerlo",
    "it holds no PEM certificate": "no contiene ningún certificado PEM",
    "The CA bundle {path} cannot be used: {why}.": "No se puede usar el paquete de CA {path}: {why}.",
    "If your organisation signs its own certificates, choose its CA bundle at sign-in.":
        "Si su organización firma sus propios certificados, elija su paquete de CA al iniciar sesión.",
    # Reconciliation (console/reports/reconcile.py)
    "Tampered": "Manipulado",
    "tampered": "manipulado",
    "Applied, not removed": "Colocado, no retirado",
    "Removed without authorisation": "Retirado sin autorización",
    "Gap in custody": "Hueco en la custodia",
    "Alarm still open": "Alarma aún abierta",
    "Hash chain does not verify": "La cadena de hashes no se verifica",
    "authorised ({authorisation})": "autorizado ({authorisation})",
    "replaced by {seal}": "reemplazado por {seal}",
    "before the log began ({when})": "antes de que empezara la bitácora ({when})",
    "someone not on record": "alguien que no está registrado",
    "Seal {seal} applied {when} by {actor} on trailer {trailer} is still applied at {now} (the week is not over).":
        "El sello {seal}, colocado {when} por {actor} en el remolque {trailer}, sigue colocado a las {now} (la semana no ha terminado).",
    "Seal {seal} applied {when} by {actor} on trailer {trailer} is still applied at the end of the week.":
        "El sello {seal}, colocado {when} por {actor} en el remolque {trailer}, sigue colocado al final de la semana.",
    " It was removed later, {when}.": " Se retiró después, {when}.",
    "Seal {seal} on trailer {trailer} was removed {when} by {actor} without an unlock authorisation.":
        "El sello {seal} del remolque {trailer} fue retirado {when} por {actor} sin autorización de desbloqueo.",
    "Trailer {trailer} was unlocked {when} by {actor} without an unlock authorisation.":
        "El remolque {trailer} fue desbloqueado {when} por {actor} sin autorización de desbloqueo.",
    "Seal {seal} applied {when} on trailer {trailer}: the driver app read back {read_back}.":
        "Sello {seal} colocado {when} en el remolque {trailer}: la app del operador leyó {read_back}.",
    "Seal {seal} was applied {when} with no issue on record.":
        "El sello {seal} se colocó {when} sin emisión registrada.",
    "Seal {seal} was removed {when} with no application on record.":
        "El sello {seal} se retiró {when} sin colocación registrada.",
    "Seal {seal} was applied again {when} without a removal since it was last applied.":
        "El sello {seal} se volvió a colocar {when} sin haberse retirado desde su última colocación.",
    "Trip {trip} of trailer {trailer} departed {when} with no seal applied.":
        "El viaje {trip} del remolque {trailer} salió {when} sin sello colocado.",
    "acknowledged, not resolved": "reconocida, sin resolver",
    "open — not acknowledged": "abierta — sin reconocer",
    "Alarm {alarm} ({type}) on trailer {trailer}, raised {when}, is {state}.":
        "La alarma {alarm} ({type}) del remolque {trailer}, activada {when}, está {state}.",
    "Log entries {first} to {last} do not verify from entry {bad}: {message}":
        "Las entradas {first} a {last} de la bitácora no se verifican desde la entrada {bad}: {message}",
    "Log entries {first} to {last} do not verify: {message}":
        "Las entradas {first} a {last} de la bitácora no se verifican: {message}",
    "Nothing was logged in this week: nothing to verify.":
        "No se registró nada esta semana: nada que verificar.",
    "DOES NOT VERIFY — the log was altered": "NO SE VERIFICA — la bitácora fue alterada",
    "INCOMPLETE — {checked} of {expected} log entries could be checked":
        "INCOMPLETA — se pudieron verificar {checked} de {expected} entradas de la bitácora",
    "VERIFIED — {checked} log entries, {first} to {last}, complete and unedited":
        "VERIFICADA — {checked} entradas de la bitácora, {first} a {last}, completa y sin modificaciones",
    "never ticked": "nunca marcado",
    "unticked by {who}, {when}": "desmarcado por {who}, {when}",
    "Seals issued": "Sellos emitidos",
    "Seals applied": "Sellos colocados",
    "Seals checked": "Sellos verificados",
    "Seals removed": "Sellos retirados",
    "Seals replaced": "Sellos reemplazados",
    "Seals found tampered": "Sellos encontrados manipulados",
    "Trips": "Viajes",
    "{count} ({unauthorised} without authorisation)": "{count} ({unauthorised} sin autorización)",
    "{count} ({open} still open)": "{count} ({open} aún abiertas)",
    "Exceptions to sign off": "Excepciones por firmar",
    "No exception this week.": "Ninguna excepción esta semana.",
    "Week {week}: {start} to {end} ({zone})": "Semana {week}: {start} a {end} ({zone})",
    "Generated {when} by {user} with the OpticalLock Dispatcher console":
        "Generado {when} por {user} con la consola OpticalLock Dispatcher",
    "The week was not over when this report was made: it covers the week up to {when}.":
        "La semana no había terminado cuando se hizo este informe: cubre la semana hasta {when}.",
    "{seal} · ISO 17712 class {iso_class} · {manufacturer}":
        "{seal} · ISO 17712 clase {iso_class} · {manufacturer}",
    "Trips sealed: {trips} · at the end of the week: {state}":
        "Viajes sellados: {trips} · al final de la semana: {state}",
    "Origin": "Origen",
    "Destination": "Destino",
    "Departed": "Salida",
    "Arrived": "Llegada",
    "Seals": "Sellos",
    "No trip this week.": "Ningún viaje esta semana.",
    "No unlock this week.": "Ningún desbloqueo esta semana.",
    "Requested": "Solicitado",
    "Decision": "Decisión",
    "No unlock request this week.": "Ninguna solicitud de desbloqueo esta semana.",
    "No tamper event this week.": "Ningún evento de manipulación esta semana.",
    "Entries {first} to {last}": "Entradas {first} a {last}",
    "{checked} checked — the cloud says: {message}": "{checked} verificadas — la nube dice: {message}",
    "C-TPAT seal log reconciliation · {carrier}": "Conciliación de la bitácora de sellos C-TPAT · {carrier}",
    "approved by {who} ({when}), valid until {until}": "aprobada por {who} ({when}), válida hasta {until}",
    "used {when}": "usada {when}",
    "refused by {who} ({when}): {reason}": "rechazada por {who} ({when}): {reason}",
    "expired": "vencida",
    "pending": "pendiente",
    "Weekly seal reconciliation": "Conciliación semanal de sellos",
    "Weekly seal reconciliation · {carrier} · {week} · page {page} of {pages}":
        "Conciliación semanal de sellos · {carrier} · {week} · página {page} de {pages}",
    # SealCustody labels (console/seal/custody_labels.py)
    "outside any geofence": "fuera de toda geocerca",
    "Removed — authorised": "Retirado — autorizado",
    "Removed — NOT authorised": "Retirado — NO autorizado",
    "to trailer {trailer}": "al remolque {trailer}",
    "read back {number} — DOES NOT MATCH": "leído {number} — NO COINCIDE",
    "read back {number} (matches)": "leído {number} (coincide)",
    "under authorisation {request}": "con la autorización {request}",
    "no valid unlock authorisation": "sin autorización de desbloqueo válida",
    "by seal {number}": "por el sello {number}",
    "trip {trip}": "viaje {trip}",
    # UnlockDesk (console/seal/unlocks.py)
    "This request expired at {clock} before it was used.":
        "Esta solicitud venció a las {clock} antes de usarse.",
    "Already approved by {who} and used at {clock}.": "Ya la aprobó {who} y se usó a las {clock}.",
    "Already approved by {who} at {clock}.": "Ya la aprobó {who} a las {clock}.",
    "Already refused by {who} at {clock}.": "Ya la rechazó {who} a las {clock}.",
    "Already decided by {who} at {clock}.": "Ya la decidió {who} a las {clock}.",
    "A code is valid for {low} to {high} minutes.": "Un código es válido de {low} a {high} minutos.",
    "Say why the unlock is refused (at least {n} characters).":
        "Indique por qué se rechaza el desbloqueo (al menos {n} caracteres).",
    "The reason is too long (at most 2000 characters).":
        "El motivo es demasiado largo (máximo 2000 caracteres).",
    "Not signed in: the decision was not sent.": "Sin sesión iniciada: la decisión no se envió.",
    "Not signed in ({error}): the decision was not sent.":
        "Sin sesión iniciada ({error}): la decisión no se envió.",
    "The cloud took the decision but its answer could not be read; the request in the list shows it (and the code) in a moment.":
        "La nube registró la decisión pero no se pudo leer su respuesta; la solicitud de la lista la muestra (con el código) en un momento.",
    "The cloud could not be reached, so the decision was not sent ({error}). Try again.":
        "No se pudo contactar a la nube, así que la decisión no se envió ({error}). Intente de nuevo.",
    "The cloud's answer was lost, so it is not known whether the decision was taken. Try again: it will not be recorded twice.":
        "Se perdió la respuesta de la nube, así que no se sabe si la decisión se registró. Intente de nuevo: no se registrará dos veces.",
    "The cloud has no unlock request {request}.": "La nube no tiene la solicitud de desbloqueo {request}.",
    "The cloud refused the decision: {reason}": "La nube rechazó la decisión: {reason}",
})

TRANSLATIONS.update({
    "Action pla&ns…": "Planes de a&cción…",
})

# Where one English word needs other Spanish words (gender, number).
IN_CONTEXT.update({
    ("Alarms", "Open"): "Abierta",  # an alarm's state; the statistics' column is "Abiertas"
    ("ShortcutsOverlay", "Other"): "Otros",  # a group of shortcuts; an outcome is "Otro"
    ("DetailPanel", "none"): "ninguna",  # open alarms: none
    ("LockDetailPanel", "none"): "ninguna",
})

TRANSLATIONS.update({
    "T&heme": "&Tema",
    "&Automatic (dark at night)": "&Automático (oscuro de noche)",
    "&Light": "&Claro",
    "&Dark (night)": "&Oscuro (noche)",
})

TRANSLATIONS.update({
    "{previous}'s history was closed: {trailer} is selected.":
        "Se cerró el historial de {previous}: está seleccionado {trailer}.",
    "outside any geofence": "fuera de toda geocerca",
})

TRANSLATIONS.update({
    "Seal level chart": "Gráfica del nivel del sello",
    "The lock's fiber seal level in dBm over time, with its baseline, the warning and tamper levels, and markers where the seal was cut, degraded or forced":
        "El nivel del sello de fibra del candado en dBm a lo largo del tiempo, con su línea base, los niveles de advertencia y de manipulación, y marcas donde el sello fue cortado, se degradó o fue forzado",
    "Trips": "Viajes",
    "The trailer's trips in the loaded period: route, times, distance, unlocks, tamper events and alarms":
        "Los viajes del remolque en el periodo cargado: ruta, horas, distancia, desbloqueos, eventos de manipulación y alarmas",
    "The map is in its own window (View ▸ Map in its own window).":
        "El mapa está en su propia ventana (Ver ▸ Mapa en ventana propia).",
    "Fleet map": "Mapa de la flotilla",
    "Map of the fleet: each trailer at its last position, coloured and shaped by its state, with geofences and the selected trailer's trip":
        "Mapa de la flotilla: cada remolque en su última posición, con el color y la forma de su estado, con las geocercas y el viaje del remolque seleccionado",
    "&Map in its own window": "Mapa en &ventana propia",
    "F&ull screen (the map's window if apart)": "&Pantalla completa (la ventana del mapa si está aparte)",
    "&Reset layout": "&Restablecer disposición",
    "OpticalLock map": "Mapa de OpticalLock",
})

TRANSLATIONS.update({
    "No open alarms": "No hay alarmas abiertas",
    "Alarm queue": "Cola de alarmas",
    "Unresolved alarms, most urgent first: priority, escalation, state, owner, alarm type, trailer, driver and place":
        "Alarmas sin resolver, las más urgentes primero: prioridad, escalamiento, estado, responsable, tipo de alarma, remolque, operador y lugar",
    "No alarms match this filter": "Ninguna alarma coincide con este filtro",
    "Search drivers": "Buscar operadores",
    "Drivers": "Operadores",
    "The carrier's drivers: name, phone, language, app status and trailer":
        "Los operadores del transportista: nombre, teléfono, idioma, estado de la app y remolque",
    "Lock event timeline": "Línea de tiempo de eventos del candado",
    "The lock's events over time in lanes: lock, seal, alarms and dispatcher actions, geofence and trip, GPS and battery, driver; the same time axis as the seal chart":
        "Los eventos del candado en el tiempo, por carriles: candado, sello, alarmas y acciones del despachador, geocerca y viaje, GPS y batería, operador; con el mismo eje de tiempo que la gráfica del sello",
    "Replay time": "Hora de la reproducción",
    "Search trailers": "Buscar remolques",
    "Every trailer: its state, speed, fiber seal level, driver, lock, last GPS fix, battery and trip":
        "Todos los remolques: estado, velocidad, nivel del sello de fibra, operador, candado, última posición GPS, batería y viaje",
    "{count} {status}": "{count} {status}",
    "Certificate authorities file": "Archivo de autoridades certificadoras",
    "Sound off": "Sonido apagado",
    "Unlock requests": "Solicitudes de desbloqueo",
    "Drivers' requests to unlock, waiting for a decision or decided: trailer, driver, place and time":
        "Solicitudes de desbloqueo de los operadores, en espera de decisión o ya decididas: remolque, operador, lugar y hora",
})

TRANSLATIONS.update({
    "The alarm's notes, newest last, with who wrote them and when":
        "Las notas de la alarma, la más reciente al final, con quién las escribió y cuándo",
    "Everything that happened to the alarm: time, who and what":
        "Todo lo que le pasó a la alarma: hora, quién y qué",
    "dBm": "dBm",
    "{trailers} trailers · {alarms} open alarms": "remolques: {trailers} · alarmas abiertas: {alarms}",
    "Cloud log sequence {seq}": "Secuencia de la bitácora de la nube {seq}",
    "Seal custody chain": "Cadena de custodia del sello",
    "The fitted seal's custody: issued, applied, checked, removed, replaced or tampered, with when, who and where":
        "La custodia del sello colocado: emitido, colocado, verificado, retirado, reemplazado o manipulado, con cuándo, quién y dónde",
})

# ---------------------------------------------------------------- the map page's own words (MapPage)
# ("Acknowledge…", "Message driver…", "Call driver…", "Trip history", "Geofence", "Alarm",
# "Tamper", "Locked", "Unlocked" and "Border crossing" are the console's words above.)
TRANSLATIONS.update({
    "Fit fleet": "Ajustar flotilla",
    "Zoom to show every trailer": "Acercar o alejar para ver todos los remolques",
    "Follow selected": "Seguir seleccionado",
    "Keep the selected trailer in the centre": "Mantener el remolque seleccionado en el centro",
    "Zoom in": "Acercar",
    "Zoom out": "Alejar",
    "Layers": "Capas",
    "Show or hide the map layers": "Mostrar u ocultar las capas del mapa",
    "Trailers": "Remolques",
    "Geofences": "Geocercas",
    "Basemap": "Mapa base",
    "City labels": "Nombres de ciudades",
    "No city data on this machine": "No hay datos de ciudades en este equipo",
    "Online tiles": "Mosaicos en línea",
    "Legend": "Leyenda",
    "Selected": "Seleccionado",
    "Group: count, click to zoom": "Grupo: cantidad, clic para acercar",
    "Group with alarms": "Grupo con alarmas",
    "Terminal": "Terminal",
    "Customer site": "Sitio del cliente",
    "Trip destination": "Destino del viaje",
    "{count} trailers": "{count} remolques",
    "{count} in alarm": "{count} en alarma",
    "Click to zoom in": "Clic para acercar",
    "Show the details": "Mostrar los detalles",
    "Fold the card": "Plegar la tarjeta",
    "Close the card (the trailer stays selected)": "Cerrar la tarjeta (el remolque sigue seleccionado)",
    "Acknowledge this alarm (opens the console's dialog)": "Reconocer esta alarma (abre el diálogo de la consola)",
    "Show or hide the speed colours": "Mostrar u ocultar los colores de velocidad",
    "Stopped or crawling, < 5 km/h": "Detenido o muy lento, < 5 km/h",
    "Slow, 5–40 km/h": "Lento, 5–40 km/h",
    "Medium, 40–70 km/h": "Medio, 40–70 km/h",
    "Fast, 70 km/h and more": "Rápido, 70 km/h o más",
    "No fix for 15 min or more": "Sin posición durante 15 min o más",
    "Start of the period": "Inicio del periodo",
    "End of the period": "Fin del periodo",
    "Stop, with its duration": "Parada, con su duración",
    "Event": "Evento",
    "Event (other)": "Evento (otro)",
    "Replay position": "Posición de la reproducción",
    "Click to replay from here": "Clic para reproducir desde aquí",
    "Stop": "Parada",
    "Stop · {duration}": "Parada · {duration}",
})

# ---------------------------------------------------------------- where a trailer is (console/places.py)
IN_CONTEXT.update({
    ("Where", "N"): "N",
    ("Where", "NE"): "NE",
    ("Where", "E"): "E",
    ("Where", "SE"): "SE",
    ("Where", "S"): "S",
    ("Where", "SW"): "SO",
    ("Where", "W"): "O",
    ("Where", "NW"): "NO",
    ("Where", "in {city}"): "en {city}",
    ("Where", "{km} km {direction} of {city}"): "a {km} km al {direction} de {city}",
})
