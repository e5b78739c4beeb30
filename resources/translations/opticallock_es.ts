<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name></name>
    <message>
        <source>A title is needed.</source>
        <extracomment>What a plan is keyed by: its alarm type, or None for the quiet-alarm rule. This console&apos;s own plans: in force until the cloud&apos;s arrive, or with an older cloud. The cloud&apos;s version in force (None: the local plans are). The cloud does not keep action plans (answered 404).</extracomment>
        <translation>Se necesita un título.</translation>
    </message>
    <message>
        <source>A label is needed.</source>
        <translation>Se necesita un texto.</translation>
    </message>
    <message>
        <source>A hint is at most {n} characters.</source>
        <translation>Una sugerencia tiene como máximo {n} caracteres.</translation>
    </message>
    <message>
        <source>At most {n} characters.</source>
        <translation>Como máximo {n} caracteres.</translation>
    </message>
    <message>
        <source>A plan needs at least one step.</source>
        <translation>Un plan necesita al menos un paso.</translation>
    </message>
    <message>
        <source>At most {n} steps.</source>
        <translation>Como máximo {n} pasos.</translation>
    </message>
    <message>
        <source>“{id}” is not a step id (a-z, 0-9 and _).</source>
        <translation>“{id}” no es un id de paso (a-z, 0-9 y _).</translation>
    </message>
    <message>
        <source>An id is a-z, 0-9 and _ (e.g. call_driver), at most {n} characters.</source>
        <translation>Un id es a-z, 0-9 y _ (p. ej. call_driver), como máximo {n} caracteres.</translation>
    </message>
    <message>
        <source>Another step of this plan has the id {id}.</source>
        <translation>Otro paso de este plan tiene el id {id}.</translation>
    </message>
    <message>
        <source>Every alarm type needs a plan.</source>
        <translation>Cada tipo de alarma necesita un plan.</translation>
    </message>
    <message>
        <source>Quiet alarms (covert rule)</source>
        <translation>Alarmas silenciosas (regla encubierta)</translation>
    </message>
    <message>
        <source>Not loaded yet</source>
        <translation>Aún no cargado</translation>
    </message>
    <message>
        <source>Version {n}, the shipped plans</source>
        <translation>Versión {n}, los planes incluidos</translation>
    </message>
    <message>
        <source>Version {n}, saved by {who} at {clock}</source>
        <translation>Versión {n}, guardada por {who} a las {clock}</translation>
    </message>
    <message>
        <source>Not signed in: the action plans cannot be loaded.</source>
        <extracomment>The cloud&apos;s version the working copy is based on (a save sends its number). A newer version seen on the stream while the copy was edited.</extracomment>
        <translation>Sin sesión iniciada: no se pueden cargar los planes de acción.</translation>
    </message>
    <message>
        <source>This cloud does not keep action plans (it is older than this console): the console&apos;s own plans are in force and cannot be edited here.</source>
        <translation>Esta nube no guarda planes de acción (es anterior a esta consola): rigen los planes propios de la consola y no se pueden editar aquí.</translation>
    </message>
    <message>
        <source>The action plans could not be loaded: {error}</source>
        <translation>No se pudieron cargar los planes de acción: {error}</translation>
    </message>
    <message>
        <source>Not signed in: the action plans were not saved.</source>
        <translation>Sin sesión iniciada: los planes de acción no se guardaron.</translation>
    </message>
    <message>
        <source>Fix what is marked first: {problem}</source>
        <translation>Corrija primero lo marcado: {problem}</translation>
    </message>
    <message>
        <source>Saved, but the cloud&apos;s answer could not be read; the new version shows in a moment.</source>
        <translation>Guardado, pero no se pudo leer la respuesta de la nube; la nueva versión aparece en un momento.</translation>
    </message>
    <message>
        <source>The cloud refused the action plans: {reason}</source>
        <translation>La nube rechazó los planes de acción: {reason}</translation>
    </message>
    <message>
        <source>The action plans were not saved ({error}). Your edits are kept; try again.</source>
        <translation>Los planes de acción no se guardaron ({error}). Sus cambios se conservan; intente de nuevo.</translation>
    </message>
    <message>
        <source>Somebody saved first: {reason}</source>
        <translation>Alguien guardó primero: {reason}</translation>
    </message>
    <message>
        <source>{who} saved version {n} at {clock} first{changed}. Your edits are kept on top of it: save again to apply them, or discard them to take that version.</source>
        <translation>{who} guardó primero la versión {n} a las {clock}{changed}. Sus cambios se conservan encima de ella: guarde de nuevo para aplicarlos, o descártelos para quedarse con esa versión.</translation>
    </message>
    <message>
        <source> (changed: {plans})</source>
        <translation> (cambiados: {plans})</translation>
    </message>
    <message>
        <source>{who} saved version {n} at {clock} while you were editing{changed}. Saving will ask what to do with your edits.</source>
        <translation>{who} guardó la versión {n} a las {clock} mientras usted editaba{changed}. Al guardar se le preguntará qué hacer con sus cambios.</translation>
    </message>
    <message>
        <source>To fix: {problem}</source>
        <extracomment>The PlanKey of a row (PlanListModel): an AlarmType, or None for the rule. The problem in this cell or row, in words (None: none).</extracomment>
        <translation>Por corregir: {problem}</translation>
    </message>
    <message>
        <source>Name whom to reach.</source>
        <translation>Indique a quién contactar.</translation>
    </message>
    <message>
        <source>A phone number is needed.</source>
        <translation>Se necesita un número de teléfono.</translation>
    </message>
    <message>
        <source>A phone number is &quot;+&quot; and 7 to 15 digits, e.g. +34600123456.</source>
        <translation>Un número de teléfono es &quot;+&quot; y de 7 a 15 dígitos, p. ej. +526641234567.</translation>
    </message>
    <message>
        <source>An e-mail address is needed.</source>
        <translation>Se necesita una dirección de correo.</translation>
    </message>
    <message>
        <source>Not an e-mail address (name@example.com).</source>
        <translation>No es una dirección de correo (nombre@ejemplo.com).</translation>
    </message>
    <message>
        <source>A delay is 0 to 24 hours.</source>
        <translation>Una demora es de 0 a 24 horas.</translation>
    </message>
    <message>
        <source>Acknowledge within 30 seconds to 24 hours.</source>
        <translation>Reconocer dentro de 30 segundos a 24 horas.</translation>
    </message>
    <message>
        <source>At most {n} people on a call list.</source>
        <translation>Como máximo {n} personas en una lista de llamadas.</translation>
    </message>
    <message>
        <source>Version {n}, the cloud&apos;s defaults</source>
        <translation>Versión {n}, los valores predeterminados de la nube</translation>
    </message>
    <message>
        <source>Not signed in: the policies cannot be loaded.</source>
        <extracomment>The cloud&apos;s version the working copy is based on (a save sends its number). The working copy differs from ``base``. A newer version seen on the stream while the copy was edited (saving will meet it).</extracomment>
        <translation>Sin sesión iniciada: no se pueden cargar las políticas.</translation>
    </message>
    <message>
        <source>The policies could not be loaded: {error}</source>
        <translation>No se pudieron cargar las políticas: {error}</translation>
    </message>
    <message>
        <source>Not signed in: the policies were not saved.</source>
        <translation>Sin sesión iniciada: las políticas no se guardaron.</translation>
    </message>
    <message>
        <source>The cloud refused the policies: {reason}</source>
        <translation>La nube rechazó las políticas: {reason}</translation>
    </message>
    <message>
        <source>The policies were not saved ({error}). Your edits are kept; try again.</source>
        <translation>Las políticas no se guardaron ({error}). Sus cambios se conservan; intente de nuevo.</translation>
    </message>
    <message>
        <source> (changed: {types})</source>
        <translation> (cambiados: {types})</translation>
    </message>
    <message>
        <source>{priority} — to fix: {problem}</source>
        <extracomment>The AlarmType of a row (PolicyTypesModel). The problem in this cell or row, in words (None: none). [(value, label)] to choose from, for a cell edited with a list (CallListModel).</extracomment>
        <translation>{priority} — por corregir: {problem}</translation>
    </message>
    <message>
        <source>All alarms</source>
        <translation>Todas las alarmas</translation>
    </message>
    <message>
        <source>{start} to {end} ({zone})</source>
        <translation>{start} a {end} ({zone})</translation>
    </message>
    <message>
        <source>Alarm statistics</source>
        <translation>Estadísticas de alarmas</translation>
    </message>
    <message>
        <source>Alarms raised {period}</source>
        <translation>Alarmas activadas {period}</translation>
    </message>
    <message>
        <source>Generated {when} by {user}. Times are minutes from the alarm being raised; median and p90 by nearest rank.</source>
        <translation>Generado {when} por {user}. Los tiempos son minutos desde que se activó la alarma; mediana y p90 por rango más cercano.</translation>
    </message>
    <message>
        <source>Alarm statistics · {period} · page {page} of {pages}</source>
        <translation>Estadísticas de alarmas · {period} · página {page} de {pages}</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <extracomment>What a secret is replaced with.</extracomment>
        <translation>el archivo no existe</translation>
    </message>
    <message>
        <source>it is a folder, not a file</source>
        <translation>es una carpeta, no un archivo</translation>
    </message>
    <message>
        <source>this user may not read it</source>
        <translation>este usuario no tiene permiso para leerlo</translation>
    </message>
    <message>
        <source>it holds no PEM certificate</source>
        <translation>no contiene ningún certificado PEM</translation>
    </message>
    <message>
        <source>The CA bundle {path} cannot be used: {why}.</source>
        <translation>No se puede usar el paquete de CA {path}: {why}.</translation>
    </message>
    <message>
        <source>If your organisation signs its own certificates, choose its CA bundle at sign-in.</source>
        <extracomment>OpenSSL&apos;s verify codes for &quot;signed by nobody this computer trusts&quot;.</extracomment>
        <translation>Si su organización firma sus propios certificados, elija su paquete de CA al iniciar sesión.</translation>
    </message>
    <message>
        <source>position unknown</source>
        <extracomment>Most log entries one ``GET /log/verify`` call checks. Events per ``GET /events`` page (the cloud&apos;s largest). The most seals ``GET /seals`` lists at once (the cloud&apos;s default page). Calls in flight at once for audits and custody chains. The report&apos;s words in Spanish, by (context, English source). Kept here until the app has a Qt Spanish catalogue (see the module&apos;s notes). The contexts whose words a report pins to its language. Geofence names by id. Why the report is not complete (empty: it is). When the report was made, if the week was not over then. Alarm type names by alarm id, for the sentences.</extracomment>
        <translation>posición desconocida</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Emitido</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Colocado</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Verificado</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Retirado</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Reemplazado</translation>
    </message>
    <message>
        <source>Tampered</source>
        <translation>Manipulado</translation>
    </message>
    <message>
        <source>in stock</source>
        <translation>en inventario</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>emitido</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>colocado</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retirado</translation>
    </message>
    <message>
        <source>tampered</source>
        <translation>manipulado</translation>
    </message>
    <message>
        <source>Applied, not removed</source>
        <translation>Colocado, no retirado</translation>
    </message>
    <message>
        <source>Removed without authorisation</source>
        <translation>Retirado sin autorización</translation>
    </message>
    <message>
        <source>Unlocked without authorisation</source>
        <translation>Desbloqueado sin autorización</translation>
    </message>
    <message>
        <source>Seal number mismatch</source>
        <translation>Número de sello no coincide</translation>
    </message>
    <message>
        <source>Gap in custody</source>
        <translation>Hueco en la custodia</translation>
    </message>
    <message>
        <source>Alarm still open</source>
        <translation>Alarma aún abierta</translation>
    </message>
    <message>
        <source>Hash chain does not verify</source>
        <translation>La cadena de hashes no se verifica</translation>
    </message>
    <message>
        <source>read back {number}</source>
        <translation>leído {number}</translation>
    </message>
    <message>
        <source>photo {ref}</source>
        <translation>foto {ref}</translation>
    </message>
    <message>
        <source>authorised ({authorisation})</source>
        <translation>autorizado ({authorisation})</translation>
    </message>
    <message>
        <source>NOT authorised</source>
        <translation>NO autorizado</translation>
    </message>
    <message>
        <source>replaced by {seal}</source>
        <translation>reemplazado por {seal}</translation>
    </message>
    <message>
        <source>note: {note}</source>
        <translation>nota: {note}</translation>
    </message>
    <message>
        <source>before the log began ({when})</source>
        <translation>antes de que empezara la bitácora ({when})</translation>
    </message>
    <message>
        <source>someone not on record</source>
        <translation>alguien que no está registrado</translation>
    </message>
    <message>
        <source>Seal {seal} applied {when} by {actor} on trailer {trailer} is still applied at {now} (the week is not over).</source>
        <translation>El sello {seal}, colocado {when} por {actor} en el remolque {trailer}, sigue colocado a las {now} (la semana no ha terminado).</translation>
    </message>
    <message>
        <source>Seal {seal} applied {when} by {actor} on trailer {trailer} is still applied at the end of the week.</source>
        <translation>El sello {seal}, colocado {when} por {actor} en el remolque {trailer}, sigue colocado al final de la semana.</translation>
    </message>
    <message>
        <source> It was removed later, {when}.</source>
        <translation> Se retiró después, {when}.</translation>
    </message>
    <message>
        <source>Seal {seal} on trailer {trailer} was removed {when} by {actor} without an unlock authorisation.</source>
        <translation>El sello {seal} del remolque {trailer} fue retirado {when} por {actor} sin autorización de desbloqueo.</translation>
    </message>
    <message>
        <source>Trailer {trailer} was unlocked {when} by {actor} without an unlock authorisation.</source>
        <translation>El remolque {trailer} fue desbloqueado {when} por {actor} sin autorización de desbloqueo.</translation>
    </message>
    <message>
        <source>Seal {seal} applied {when} on trailer {trailer}: the driver app read back {read_back}.</source>
        <translation>Sello {seal} colocado {when} en el remolque {trailer}: la app del operador leyó {read_back}.</translation>
    </message>
    <message>
        <source>Seal {seal} was applied {when} with no issue on record.</source>
        <translation>El sello {seal} se colocó {when} sin emisión registrada.</translation>
    </message>
    <message>
        <source>Seal {seal} was removed {when} with no application on record.</source>
        <translation>El sello {seal} se retiró {when} sin colocación registrada.</translation>
    </message>
    <message>
        <source>Seal {seal} was applied again {when} without a removal since it was last applied.</source>
        <translation>El sello {seal} se volvió a colocar {when} sin haberse retirado desde su última colocación.</translation>
    </message>
    <message>
        <source>Trip {trip} of trailer {trailer} departed {when} with no seal applied.</source>
        <translation>El viaje {trip} del remolque {trailer} salió {when} sin sello colocado.</translation>
    </message>
    <message>
        <source>acknowledged, not resolved</source>
        <translation>reconocida, sin resolver</translation>
    </message>
    <message>
        <source>open — not acknowledged</source>
        <translation>abierta — sin reconocer</translation>
    </message>
    <message>
        <source>Alarm {alarm} ({type}) on trailer {trailer}, raised {when}, is {state}.</source>
        <translation>La alarma {alarm} ({type}) del remolque {trailer}, activada {when}, está {state}.</translation>
    </message>
    <message>
        <source>Log entries {first} to {last} do not verify from entry {bad}: {message}</source>
        <translation>Las entradas {first} a {last} de la bitácora no se verifican desde la entrada {bad}: {message}</translation>
    </message>
    <message>
        <source>Log entries {first} to {last} do not verify: {message}</source>
        <translation>Las entradas {first} a {last} de la bitácora no se verifican: {message}</translation>
    </message>
    <message>
        <source>Nothing was logged in this week: nothing to verify.</source>
        <translation>No se registró nada esta semana: nada que verificar.</translation>
    </message>
    <message>
        <source>DOES NOT VERIFY — the log was altered</source>
        <translation>NO SE VERIFICA — la bitácora fue alterada</translation>
    </message>
    <message>
        <source>INCOMPLETE — {checked} of {expected} log entries could be checked</source>
        <translation>INCOMPLETA — se pudieron verificar {checked} de {expected} entradas de la bitácora</translation>
    </message>
    <message>
        <source>VERIFIED — {checked} log entries, {first} to {last}, complete and unedited</source>
        <translation>VERIFICADA — {checked} entradas de la bitácora, {first} a {last}, completa y sin modificaciones</translation>
    </message>
    <message>
        <source>not acknowledged</source>
        <translation>sin reconocer</translation>
    </message>
    <message>
        <source>{outcome} — {who}, {when}; note: {note}</source>
        <translation>{outcome} — {who}, {when}; nota: {note}</translation>
    </message>
    <message>
        <source>not resolved at the time of this report</source>
        <translation>sin resolver al momento de este informe</translation>
    </message>
    <message>
        <source>never ticked</source>
        <translation>nunca marcado</translation>
    </message>
    <message>
        <source>unticked by {who}, {when}</source>
        <translation>desmarcado por {who}, {when}</translation>
    </message>
    <message>
        <source>driver</source>
        <translation>operador</translation>
    </message>
    <message>
        <source>{when} · {who} · {status}: “{text}”</source>
        <translation>{when} · {who} · {status}: “{text}”</translation>
    </message>
    <message>
        <source>{when} · {who} · call: {outcome}</source>
        <translation>{when} · {who} · llamada: {outcome}</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Reconocida</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Resolución</translation>
    </message>
    <message>
        <source>Seals issued</source>
        <translation>Sellos emitidos</translation>
    </message>
    <message>
        <source>Seals applied</source>
        <translation>Sellos colocados</translation>
    </message>
    <message>
        <source>Seals checked</source>
        <translation>Sellos verificados</translation>
    </message>
    <message>
        <source>Seals removed</source>
        <translation>Sellos retirados</translation>
    </message>
    <message>
        <source>Seals replaced</source>
        <translation>Sellos reemplazados</translation>
    </message>
    <message>
        <source>Seals found tampered</source>
        <translation>Sellos encontrados manipulados</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Viajes</translation>
    </message>
    <message>
        <source>Unlocks</source>
        <translation>Desbloqueos</translation>
    </message>
    <message>
        <source>{count} ({unauthorised} without authorisation)</source>
        <translation>{count} ({unauthorised} sin autorización)</translation>
    </message>
    <message>
        <source>Unlock requests</source>
        <translation>Solicitudes de desbloqueo</translation>
    </message>
    <message>
        <source>Tamper events</source>
        <translation>Eventos de manipulación</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmas</translation>
    </message>
    <message>
        <source>{count} ({open} still open)</source>
        <translation>{count} ({open} aún abiertas)</translation>
    </message>
    <message>
        <source>Exceptions to sign off</source>
        <translation>Excepciones por firmar</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>Sello</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>No exception this week.</source>
        <translation>Ninguna excepción esta semana.</translation>
    </message>
    <message>
        <source>Week {week}: {start} to {end} ({zone})</source>
        <translation>Semana {week}: {start} a {end} ({zone})</translation>
    </message>
    <message>
        <source>Generated {when} by {user} with the OpticalLock Dispatcher console</source>
        <translation>Generado {when} por {user} con la consola OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>The week was not over when this report was made: it covers the week up to {when}.</source>
        <translation>La semana no había terminado cuando se hizo este informe: cubre la semana hasta {when}.</translation>
    </message>
    <message>
        <source>{seal} · ISO 17712 class {iso_class} · {manufacturer}</source>
        <translation>{seal} · ISO 17712 clase {iso_class} · {manufacturer}</translation>
    </message>
    <message>
        <source>Trips sealed: {trips} · at the end of the week: {state}</source>
        <translation>Viajes sellados: {trips} · al final de la semana: {state}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Trip</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Origin</source>
        <translation>Origen</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>Destino</translation>
    </message>
    <message>
        <source>Departed</source>
        <translation>Salida</translation>
    </message>
    <message>
        <source>Arrived</source>
        <translation>Llegada</translation>
    </message>
    <message>
        <source>Seals</source>
        <translation>Sellos</translation>
    </message>
    <message>
        <source>No trip this week.</source>
        <translation>Ningún viaje esta semana.</translation>
    </message>
    <message>
        <source>Authorisation</source>
        <translation>Autorización</translation>
    </message>
    <message>
        <source>No unlock this week.</source>
        <translation>Ningún desbloqueo esta semana.</translation>
    </message>
    <message>
        <source>Requested</source>
        <translation>Solicitado</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Decisión</translation>
    </message>
    <message>
        <source>No unlock request this week.</source>
        <translation>Ninguna solicitud de desbloqueo esta semana.</translation>
    </message>
    <message>
        <source>Fiber level</source>
        <translation>Nivel de fibra</translation>
    </message>
    <message>
        <source>No tamper event this week.</source>
        <translation>Ningún evento de manipulación esta semana.</translation>
    </message>
    <message>
        <source>Entries {first} to {last}</source>
        <translation>Entradas {first} a {last}</translation>
    </message>
    <message>
        <source>{checked} checked — the cloud says: {message}</source>
        <translation>{checked} verificadas — la nube dice: {message}</translation>
    </message>
    <message>
        <source>Anchor hash</source>
        <translation>Hash de anclaje</translation>
    </message>
    <message>
        <source>Head hash</source>
        <translation>Hash final</translation>
    </message>
    <message>
        <source>C-TPAT seal log reconciliation · {carrier}</source>
        <translation>Conciliación de la bitácora de sellos C-TPAT · {carrier}</translation>
    </message>
    <message>
        <source>approved by {who} ({when}), valid until {until}</source>
        <translation>aprobada por {who} ({when}), válida hasta {until}</translation>
    </message>
    <message>
        <source>used {when}</source>
        <translation>usada {when}</translation>
    </message>
    <message>
        <source>refused by {who} ({when}): {reason}</source>
        <translation>rechazada por {who} ({when}): {reason}</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>vencida</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>pendiente</translation>
    </message>
    <message>
        <source>Weekly seal reconciliation</source>
        <translation>Conciliación semanal de sellos</translation>
    </message>
    <message>
        <source>Weekly seal reconciliation · {carrier} · {week} · page {page} of {pages}</source>
        <translation>Conciliación semanal de sellos · {carrier} · {week} · página {page} de {pages}</translation>
    </message>
    <message>
        <source>outside any geofence</source>
        <translation>fuera de toda geocerca</translation>
    </message>
    <message>
        <source>Removed — authorised</source>
        <translation>Retirado — autorizado</translation>
    </message>
    <message>
        <source>Removed — NOT authorised</source>
        <translation>Retirado — NO autorizado</translation>
    </message>
    <message>
        <source>to trailer {trailer}</source>
        <translation>al remolque {trailer}</translation>
    </message>
    <message>
        <source>lock {lock}</source>
        <translation>candado {lock}</translation>
    </message>
    <message>
        <source>read back {number} — DOES NOT MATCH</source>
        <translation>leído {number} — NO COINCIDE</translation>
    </message>
    <message>
        <source>read back {number} (matches)</source>
        <translation>leído {number} (coincide)</translation>
    </message>
    <message>
        <source>under authorisation {request}</source>
        <translation>con la autorización {request}</translation>
    </message>
    <message>
        <source>no valid unlock authorisation</source>
        <translation>sin autorización de desbloqueo válida</translation>
    </message>
    <message>
        <source>by seal {number}</source>
        <translation>por el sello {number}</translation>
    </message>
    <message>
        <source>trip {trip}</source>
        <translation>viaje {trip}</translation>
    </message>
    <message>
        <source>This request expired at {clock} before it was used.</source>
        <extracomment>The choices the approval dialog offers; the cloud accepts 5 to 240 minutes. The shortest reason the cloud accepts for a refusal.</extracomment>
        <translation>Esta solicitud venció a las {clock} antes de usarse.</translation>
    </message>
    <message>
        <source>Already approved by {who} and used at {clock}.</source>
        <translation>Ya la aprobó {who} y se usó a las {clock}.</translation>
    </message>
    <message>
        <source>Already approved by {who} at {clock}.</source>
        <translation>Ya la aprobó {who} a las {clock}.</translation>
    </message>
    <message>
        <source>Already refused by {who} at {clock}.</source>
        <translation>Ya la rechazó {who} a las {clock}.</translation>
    </message>
    <message>
        <source>Already decided by {who} at {clock}.</source>
        <translation>Ya la decidió {who} a las {clock}.</translation>
    </message>
    <message>
        <source>A code is valid for {low} to {high} minutes.</source>
        <extracomment>The request_id of a decision whose answer is not known yet, per (request, decision): trying again reuses it, so the cloud records the decision once.</extracomment>
        <translation>Un código es válido de {low} a {high} minutos.</translation>
    </message>
    <message>
        <source>Say why the unlock is refused (at least {n} characters).</source>
        <translation>Indique por qué se rechaza el desbloqueo (al menos {n} caracteres).</translation>
    </message>
    <message>
        <source>The reason is too long (at most 2000 characters).</source>
        <translation>El motivo es demasiado largo (máximo 2000 caracteres).</translation>
    </message>
    <message>
        <source>Not signed in: the decision was not sent.</source>
        <translation>Sin sesión iniciada: la decisión no se envió.</translation>
    </message>
    <message>
        <source>Not signed in ({error}): the decision was not sent.</source>
        <translation>Sin sesión iniciada ({error}): la decisión no se envió.</translation>
    </message>
    <message>
        <source>The cloud took the decision but its answer could not be read; the request in the list shows it (and the code) in a moment.</source>
        <translation>La nube registró la decisión pero no se pudo leer su respuesta; la solicitud de la lista la muestra (con el código) en un momento.</translation>
    </message>
    <message>
        <source>The cloud could not be reached, so the decision was not sent ({error}). Try again.</source>
        <translation>No se pudo contactar a la nube, así que la decisión no se envió ({error}). Intente de nuevo.</translation>
    </message>
    <message>
        <source>The cloud&apos;s answer was lost, so it is not known whether the decision was taken. Try again: it will not be recorded twice.</source>
        <translation>Se perdió la respuesta de la nube, así que no se sabe si la decisión se registró. Intente de nuevo: no se registrará dos veces.</translation>
    </message>
    <message>
        <source>The cloud has no unlock request {request}.</source>
        <translation>La nube no tiene la solicitud de desbloqueo {request}.</translation>
    </message>
    <message>
        <source>The cloud refused the decision: {reason}</source>
        <translation>La nube rechazó la decisión: {reason}</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About OpticalLock Dispatcher</source>
        <translation>Acerca de OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>About and licences</source>
        <translation>Acerca de y licencias</translation>
    </message>
    <message>
        <source>OpticalLock Dispatcher</source>
        <translation>OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Version {version}</source>
        <translation>Versión {version}</translation>
    </message>
    <message>
        <source>Qt {qt} · PySide6 {pyside} · Python {python}</source>
        <translation>Qt {qt} · PySide6 {pyside} · Python {python}</translation>
    </message>
    <message>
        <source>Vendored code</source>
        <translation>Código de terceros incluido</translation>
    </message>
    <message>
        <source>Offline basemap data</source>
        <translation>Datos del mapa base sin conexión</translation>
    </message>
    <message>
        <source>Online map tiles</source>
        <translation>Mosaicos de mapa en línea</translation>
    </message>
    <message>
        <source>Off by default (View ▸ Online map tiles). When on, street tiles come from OpenStreetMap: © OpenStreetMap contributors, data under the Open Database Licence (openstreetmap.org/copyright).</source>
        <translation>Desactivado por omisión (Ver ▸ Mosaicos de mapa en línea). Cuando está activado, los mosaicos de calles vienen de OpenStreetMap: © colaboradores de OpenStreetMap, datos bajo la Open Database Licence (openstreetmap.org/copyright).</translation>
    </message>
    <message>
        <source>Alarm sounds</source>
        <translation>Sonidos de alarma</translation>
    </message>
</context>
<context>
    <name>AckDialog</name>
    <message>
        <source>Acknowledge alarm — {trailer}</source>
        <translation>Reconocer alarma — {trailer}</translation>
    </message>
    <message>
        <source>What you did or found, e.g. “Called the driver, stopping at the next exit.”</source>
        <translation>Qué hizo o encontró, p. ej. “Le llamé al operador, se detiene en la próxima salida.”</translation>
    </message>
    <message>
        <source>Acknowledge</source>
        <translation>Reconocer</translation>
    </message>
    <message>
        <source>Note (required for a critical alarm):</source>
        <translation>Nota (obligatoria en una alarma crítica):</translation>
    </message>
    <message>
        <source>Note (optional):</source>
        <translation>Nota (opcional):</translation>
    </message>
    <message>
        <source>A critical alarm can only be acknowledged with a note: say what you did (for example, called the driver).</source>
        <translation>Una alarma crítica solo se puede reconocer con una nota: indique qué hizo (por ejemplo, le llamó al operador).</translation>
    </message>
    <message>
        <source>The note goes on the alarm&apos;s record; every dispatcher and the shift handover will see it.</source>
        <translation>La nota queda en el registro de la alarma; la verán todos los despachadores y la entrega de turno.</translation>
    </message>
</context>
<context>
    <name>ActionPlans</name>
    <message>
        <source>Step (what the dispatcher reads)</source>
        <translation>Paso (lo que lee el despachador)</translation>
    </message>
    <message>
        <source>Hint (shown on hover)</source>
        <translation>Sugerencia (se muestra al pasar el puntero)</translation>
    </message>
    <message>
        <source>Id</source>
        <translation>Id</translation>
    </message>
    <message>
        <source>Stored on the alarm&apos;s record when the step is ticked: a saved step keeps its id</source>
        <translation>Se guarda en el registro de la alarma cuando se marca el paso: un paso guardado conserva su id</translation>
    </message>
</context>
<context>
    <name>AlarmActionDialog</name>
    <message>
        <source>Your text is kept: add it as a note, or cancel.</source>
        <translation>Su texto se conserva: agréguelo como nota o cancele.</translation>
    </message>
    <message>
        <source>Add it as a note</source>
        <translation>Agregarlo como nota</translation>
    </message>
</context>
<context>
    <name>AlarmCenter</name>
    <message>
        <source>That alarm is no longer in the queue.</source>
        <extracomment>A backfilled or journal-replayed &quot;new&quot; alarm older than this is not announced with a sound. Where the handover dialog&apos;s file chooser starts. Dialogs keeping refused text, opened while another dialog was in use. The alarm the escalation banner names (what a click on it selects).</extracomment>
        <translation>Esa alarma ya no está en la cola.</translation>
    </message>
    <message>
        <source>Sign in to act on alarms.</source>
        <translation>Inicie sesión para atender alarmas.</translation>
    </message>
    <message>
        <source>Already acknowledged by {who}.</source>
        <translation>Ya la reconoció {who}.</translation>
    </message>
    <message>
        <source>Already acknowledged.</source>
        <translation>Ya está reconocida.</translation>
    </message>
    <message>
        <source>{trailer} has no alarm waiting for acknowledgement.</source>
        <translation>{trailer} no tiene ninguna alarma pendiente de reconocer.</translation>
    </message>
    <message>
        <source>Done: {step}</source>
        <translation>Hecho: {step}</translation>
    </message>
    <message>
        <source>Take over the alarm?</source>
        <translation>¿Tomar el control de la alarma?</translation>
    </message>
    <message>
        <source>{who} has owned this alarm since {clock}. Take it over? {who} and every console see that you did; it is on the alarm&apos;s audit trail.</source>
        <translation>{who} es responsable de esta alarma desde las {clock}. ¿Tomar el control? {who} y todas las consolas lo verán; queda en la bitácora de auditoría de la alarma.</translation>
    </message>
    <message>
        <source>Take over</source>
        <translation>Tomar el control</translation>
    </message>
    <message>
        <source>Cannot assign: {error}</source>
        <translation>No se puede asignar: {error}</translation>
    </message>
    <message>
        <source>The cloud lists no dispatchers to assign to.</source>
        <translation>La nube no tiene despachadores a quienes asignar.</translation>
    </message>
    <message>
        <source>Assign the alarm</source>
        <translation>Asignar la alarma</translation>
    </message>
    <message>
        <source>Give this alarm to:</source>
        <translation>Asignar esta alarma a:</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>Asignar</translation>
    </message>
    <message>
        <source>Sign in to add notes.</source>
        <translation>Inicie sesión para agregar notas.</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>Nota agregada.</translation>
    </message>
    <message>
        <source>Note queued: the link is down; it is sent as soon as the console is live.</source>
        <translation>Nota en espera: el enlace está caído; se envía en cuanto la consola esté en vivo.</translation>
    </message>
    <message>
        <source>Signed out: the acknowledgement was not recorded.</source>
        <translation>Sesión cerrada: el reconocimiento no se registró.</translation>
    </message>
    <message>
        <source>Acknowledgement sent.</source>
        <translation>Reconocimiento enviado.</translation>
    </message>
    <message>
        <source>Acknowledgement queued: the link is down; it is sent as soon as the console is live.</source>
        <translation>Reconocimiento en espera: el enlace está caído; se envía en cuanto la consola esté en vivo.</translation>
    </message>
    <message>
        <source>Signed out: the resolution was not recorded.</source>
        <translation>Sesión cerrada: la resolución no se registró.</translation>
    </message>
    <message>
        <source>Resolution sent.</source>
        <translation>Resolución enviada.</translation>
    </message>
    <message>
        <source>Resolution queued: the link is down; it is sent as soon as the console is live.</source>
        <translation>Resolución en espera: el enlace está caído; se envía en cuanto la consola esté en vivo.</translation>
    </message>
    <message>
        <source>Sign in to tick action-plan steps.</source>
        <translation>Inicie sesión para marcar pasos del plan de acción.</translation>
    </message>
    <message>
        <source>Alarm {id}: {text}</source>
        <translation>Alarma {id}: {text}</translation>
    </message>
    <message>
        <source>(and {n} more)</source>
        <translation>(y {n} más)</translation>
    </message>
    <message>
        <source>L{level} {alarm} on {trailer} near {where} — not acknowledged for {waited}{more}. Click here to select it, then Ctrl+K.</source>
        <translation>N{level} {alarm} en {trailer} cerca de {where} — sin reconocer desde hace {waited}{more}. Haga clic aquí para seleccionarla y luego Ctrl+K.</translation>
    </message>
    <message>
        <source>Audit trail unavailable: {error}</source>
        <translation>Bitácora de auditoría no disponible: {error}</translation>
    </message>
    <message>
        <source>Resolved alarms could not be fetched from the cloud ({error}); those this console saw are listed.</source>
        <translation>No se pudieron obtener de la nube las alarmas resueltas ({error}); se listan las que vio esta consola.</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>No se pudo guardar: {error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
</context>
<context>
    <name>AlarmDesk</name>
    <message>
        <source>Acknowledgement</source>
        <extracomment>A failed send is tried again this often even without a status change (a REST failure while the stream stays live changes no status). The request model and the API call of each kind of action. The longest note the cloud keeps (NoteRequest.text). How each action is named when the cloud refuses it.</extracomment>
        <translation>Reconocimiento</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Resolución</translation>
    </message>
    <message>
        <source>Action-plan step</source>
        <translation>Paso del plan de acción</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Escalamiento</translation>
    </message>
    <message>
        <source>Seen mark</source>
        <translation>Marca de visto</translation>
    </message>
    <message>
        <source>Change of owner</source>
        <translation>Cambio de responsable</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Audit trail of {alarm} unavailable: {error}</source>
        <extracomment>409 on these is expected and needs no one&apos;s attention (the alarm was resolved meanwhile); on ack/resolve/step it means a colleague acted first, which the dispatcher must be told. 4xx answers that mean &quot;try again later&quot;, not &quot;no&quot;.</extracomment>
        <translation>Bitácora de auditoría de {alarm} no disponible: {error}</translation>
    </message>
    <message>
        <source>Choose the colleague to assign the alarm to.</source>
        <extracomment>Highest escalation level announced per alarm (ours or learned from the stream), so a level is announced once even before the cloud&apos;s record of it comes back. Alarms this console already asked to mark seen (the cloud keeps it once per user).</extracomment>
        <translation>Elija al compañero al que se asigna la alarma.</translation>
    </message>
    <message>
        <source>The note is empty.</source>
        <translation>La nota está vacía.</translation>
    </message>
    <message>
        <source>The note is too long: {length} characters, at most {limit}.</source>
        <translation>La nota es demasiado larga: {length} caracteres, máximo {limit}.</translation>
    </message>
    <message>
        <source>The list of dispatchers is unavailable: {error}</source>
        <translation>La lista de despachadores no está disponible: {error}</translation>
    </message>
    <message>
        <source>{count} invalid field(s)</source>
        <translation>{count} campo(s) no válido(s)</translation>
    </message>
    <message>
        <source>Not signed in: {error}</source>
        <translation>Sin sesión iniciada: {error}</translation>
    </message>
    <message>
        <source>{action} of alarm {alarm} was refused by the cloud and dropped: {reason}</source>
        <translation>{action} de la alarma {alarm}: la nube lo rechazó y se descartó: {reason}</translation>
    </message>
    <message>
        <source>Not signed in.</source>
        <translation>Sin sesión iniciada.</translation>
    </message>
    <message>
        <source>Resolved alarms unavailable: {error}</source>
        <translation>Alarmas resueltas no disponibles: {error}</translation>
    </message>
</context>
<context>
    <name>AlarmDialogs</name>
    <message>
        <source>The note is too long: {length} characters, at most {limit} are kept on the alarm record.</source>
        <translation>La nota es demasiado larga: {length} caracteres; en el registro de la alarma se guardan {limit} como máximo.</translation>
    </message>
</context>
<context>
    <name>AlarmPanel</name>
    <message>
        <source>(sending…)</source>
        <translation>(enviando…)</translation>
    </message>
    <message>
        <source>Raised: {priority} {alarm}</source>
        <extracomment>Fields a generic audit line leaves out: chain bookkeeping, ids the panel already shows.</extracomment>
        <translation>Activada: {priority} {alarm}</translation>
    </message>
    <message>
        <source>Repeated (now ×{count})</source>
        <translation>Repetida (ahora ×{count})</translation>
    </message>
    <message>
        <source>Saw it on their console</source>
        <translation>La vio en su consola</translation>
    </message>
    <message>
        <source>Acknowledged — note: {note}</source>
        <translation>Reconocida — nota: {note}</translation>
    </message>
    <message>
        <source>Acknowledged (no note)</source>
        <translation>Reconocida (sin nota)</translation>
    </message>
    <message>
        <source>Ticked: {step}</source>
        <translation>Marcado: {step}</translation>
    </message>
    <message>
        <source>Unticked: {step}</source>
        <translation>Desmarcado: {step}</translation>
    </message>
    <message>
        <source>Escalated to level {level}</source>
        <translation>Escalada al nivel {level}</translation>
    </message>
    <message>
        <source>Resolved: {outcome}</source>
        <translation>Resuelta: {outcome}</translation>
    </message>
    <message>
        <source>Step not done: {step} — reason: {reason}</source>
        <translation>Paso no realizado: {step} — motivo: {reason}</translation>
    </message>
    <message>
        <source>Note: {text}</source>
        <translation>Nota: {text}</translation>
    </message>
    <message>
        <source>cloud</source>
        <translation>nube</translation>
    </message>
    <message>
        <source>Tamper reported: {kind}</source>
        <translation>Manipulación reportada: {kind}</translation>
    </message>
    <message>
        <source>Lock {previous} → {state}</source>
        <translation>Candado {previous} → {state}</translation>
    </message>
    <message>
        <source>Took the alarm</source>
        <translation>Tomó la alarma</translation>
    </message>
    <message>
        <source>Released the alarm</source>
        <translation>Liberó la alarma</translation>
    </message>
    <message>
        <source>Assigned the alarm to {owner}</source>
        <translation>Asignó la alarma a {owner}</translation>
    </message>
    <message>
        <source>Took the alarm over from {previous}</source>
        <translation>Tomó el control de la alarma de {previous}</translation>
    </message>
    <message>
        <source>Released {previous}&apos;s alarm: their session ended</source>
        <translation>Liberó la alarma de {previous}: su sesión terminó</translation>
    </message>
    <message>
        <source>Owner now {owner}</source>
        <translation>Ahora el responsable es {owner}</translation>
    </message>
    <message>
        <source>{level} {role} {name} by {channel} ({address}): {status}</source>
        <translation>{level} {role} {name} por {channel} ({address}): {status}</translation>
    </message>
    <message>
        <source>lock {lock}</source>
        <translation>candado {lock}</translation>
    </message>
    <message>
        <source>note: {note}</source>
        <translation>nota: {note}</translation>
    </message>
    <message>
        <source>driver</source>
        <translation>operador</translation>
    </message>
    <message>
        <source>Driver wrote: {text}</source>
        <translation>El operador escribió: {text}</translation>
    </message>
    <message>
        <source>dispatcher</source>
        <translation>despachador</translation>
    </message>
    <message>
        <source>Message delivered: {text}</source>
        <translation>Mensaje entregado: {text}</translation>
    </message>
    <message>
        <source>driver app</source>
        <translation>app del operador</translation>
    </message>
    <message>
        <source>Message read: {text}</source>
        <translation>Mensaje leído: {text}</translation>
    </message>
    <message>
        <source>Message to driver: {text}</source>
        <translation>Mensaje al operador: {text}</translation>
    </message>
    <message>
        <source>Called the driver ({phone}): {outcome}</source>
        <translation>Llamó al operador ({phone}): {outcome}</translation>
    </message>
    <message>
        <source>Owner</source>
        <extracomment>The form&apos;s rows, by their (English) key in :attr:`fields`; shown translated.</extracomment>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Reconocida</translation>
    </message>
    <message>
        <source>Ack note</source>
        <translation>Nota de reconocimiento</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Escalamiento</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>Select an alarm in the queue.</source>
        <extracomment>The signed-in dispatcher (None: signed out): whose alarm is &quot;mine&quot;. Notes typed and not yet added, per alarm, while another alarm is shown. step id → checkbox / label / status line, in plan order. step id → its label as the plan or the record says it (what a tick is sent with).</extracomment>
        <translation>Seleccione una alarma en la cola.</translation>
    </message>
    <message>
        <source>The driver may be under duress: do not message or call the driver unless carrier security asks for it. Follow the plan below.</source>
        <translation>El operador podría estar bajo coacción: no le envíe mensajes ni le llame a menos que lo pida la seguridad del transportista. Siga el plan de abajo.</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field}:</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Reconocer…</translation>
    </message>
    <message>
        <source>Acknowledge this alarm (Ctrl+K in the alarm queue)</source>
        <translation>Reconocer esta alarma (Ctrl+K en la cola de alarmas)</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>Resolver…</translation>
    </message>
    <message>
        <source>Close this alarm with an outcome (Ctrl+R in the queue)</source>
        <translation>Cerrar esta alarma con un resultado (Ctrl+R en la cola)</translation>
    </message>
    <message>
        <source>Message driver…</source>
        <translation>Mensaje al operador…</translation>
    </message>
    <message>
        <source>Write to the driver&apos;s app; the messages and replies join this alarm&apos;s audit trail</source>
        <translation>Escribir a la app del operador; los mensajes y respuestas se agregan a la bitácora de auditoría de esta alarma</translation>
    </message>
    <message>
        <source>Call driver…</source>
        <translation>Llamar al operador…</translation>
    </message>
    <message>
        <source>Call the driver, then record the outcome on this alarm</source>
        <translation>Llamar al operador y luego registrar el resultado en esta alarma</translation>
    </message>
    <message>
        <source>Take</source>
        <translation>Tomar</translation>
    </message>
    <message>
        <source>Make this alarm yours: colleagues see you work it</source>
        <translation>Hacerse responsable de esta alarma: sus compañeros ven que usted la atiende</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Liberar</translation>
    </message>
    <message>
        <source>Give this alarm back to the queue, unassigned</source>
        <translation>Devolver esta alarma a la cola, sin asignar</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>Asignar…</translation>
    </message>
    <message>
        <source>Give this alarm to a colleague</source>
        <translation>Asignar esta alarma a un compañero</translation>
    </message>
    <message>
        <source>Take over…</source>
        <translation>Tomar el control…</translation>
    </message>
    <message>
        <source>Take this alarm from the colleague who owns it (recorded on its audit trail)</source>
        <translation>Quitarle esta alarma al compañero responsable (queda en su bitácora de auditoría)</translation>
    </message>
    <message>
        <source>Action plan</source>
        <translation>Plan de acción</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notas</translation>
    </message>
    <message>
        <source>The alarm&apos;s notes, newest last, with who wrote them and when</source>
        <translation>Las notas de la alarma, la más reciente al final, con quién las escribió y cuándo</translation>
    </message>
    <message>
        <source>A note for the record, at any time…</source>
        <translation>Una nota para el registro, en cualquier momento…</translation>
    </message>
    <message>
        <source>Add note</source>
        <translation>Agregar nota</translation>
    </message>
    <message>
        <source>Put this note on the alarm&apos;s record: every dispatcher sees it at once</source>
        <translation>Poner esta nota en el registro de la alarma: todos los despachadores la ven al instante</translation>
    </message>
    <message>
        <source>Call list notifications</source>
        <translation>Avisos de la lista de llamadas</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Bitácora de auditoría</translation>
    </message>
    <message>
        <source>Everything that happened to the alarm: time, who and what</source>
        <translation>Todo lo que le pasó a la alarma: hora, quién y qué</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Loading the audit trail…</source>
        <translation>Cargando la bitácora de auditoría…</translation>
    </message>
    <message>
        <source>{who} since {clock}</source>
        <translation>{who} desde las {clock}</translation>
    </message>
    <message>
        <source>you ({who})</source>
        <translation>usted ({who})</translation>
    </message>
    <message>
        <source>nobody — unassigned</source>
        <translation>nadie — sin asignar</translation>
    </message>
    <message>
        <source>{clock} · {who}: {text}</source>
        <translation>{clock} · {who}: {text}</translation>
    </message>
    <message>
        <source>No notes yet.</source>
        <translation>Aún no hay notas.</translation>
    </message>
    <message>
        <source>{priority} · {alarm} · trailer {trailer}</source>
        <translation>{priority} · {alarm} · remolque {trailer}</translation>
    </message>
    <message>
        <source>(last repeat {clock})</source>
        <translation>(última repetición {clock})</translation>
    </message>
    <message>
        <source>by {who} at {clock}</source>
        <translation>por {who} a las {clock}</translation>
    </message>
    <message>
        <source>not yet</source>
        <translation>todavía no</translation>
    </message>
    <message>
        <source>level {level} since {clock}</source>
        <translation>nivel {level} desde las {clock}</translation>
    </message>
    <message>
        <source>not escalated</source>
        <translation>sin escalar</translation>
    </message>
    <message>
        <source>{outcome} — by {who} at {clock}</source>
        <translation>{outcome} — por {who} a las {clock}</translation>
    </message>
    <message>
        <source>no driver assigned</source>
        <translation>sin operador asignado</translation>
    </message>
    <message>
        <source>app online</source>
        <translation>app en línea</translation>
    </message>
    <message>
        <source>app offline</source>
        <translation>app fuera de línea</translation>
    </message>
    <message>
        <source>No action plan for this alarm type.</source>
        <translation>No hay plan de acción para este tipo de alarma.</translation>
    </message>
    <message>
        <source>done by {who} at {clock}</source>
        <translation>hecho por {who} a las {clock}</translation>
    </message>
    <message>
        <source>unticked by {who} at {clock}</source>
        <translation>desmarcado por {who} a las {clock}</translation>
    </message>
    <message>
        <source>No events logged for this alarm.</source>
        <translation>No hay eventos registrados para esta alarma.</translation>
    </message>
</context>
<context>
    <name>AlarmPolicies</name>
    <message>
        <source>Dispatcher on duty</source>
        <extracomment>Acknowledge within: 30 s to 24 h. A call-list entry&apos;s delay after the alarm: 0 s to 24 h. At most this many entries on one call list. A type the cloud has no policy for starts with this acknowledge-within time. Phone numbers: &quot;+&quot; and 7 to 15 digits (E.164), after the spaces, dashes, dots and parentheses people type are taken out. An e-mail address: something, one &quot;@&quot;, a domain with a dot; no spaces.</extracomment>
        <translation>Despachador de turno</translation>
    </message>
    <message>
        <source>Supervisor</source>
        <translation>Supervisor</translation>
    </message>
    <message>
        <source>Carrier security</source>
        <translation>Seguridad del transportista</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <source>Call</source>
        <translation>Llamada</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>Correo</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Phone or e-mail</source>
        <translation>Teléfono o correo</translation>
    </message>
    <message>
        <source>After (min)</source>
        <translation>Después de (min)</translation>
    </message>
    <message>
        <source>Minutes after the alarm, while nobody has acknowledged it</source>
        <translation>Minutos después de la alarma, mientras nadie la haya reconocido</translation>
    </message>
</context>
<context>
    <name>AlarmQueue</name>
    <message>
        <source>Priority</source>
        <extracomment>Open critical alarms alternate their background this often. The time-to-ack column counts this often. Column titles and their tooltips, translated when a view asks for them.</extracomment>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Esc.</source>
        <translation>Esc.</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarma</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>Time to ack</source>
        <translation>Tiempo para reconocer</translation>
    </message>
    <message>
        <source>Critical first, then high, then medium; oldest first within each</source>
        <translation>Primero críticas, luego altas, luego medias; en cada una, la más antigua primero</translation>
    </message>
    <message>
        <source>Escalation level: L1, L2… the longer nobody acknowledges it</source>
        <translation>Nivel de escalamiento: N1, N2… cuanto más tiempo nadie la reconoce</translation>
    </message>
    <message>
        <source>The dispatcher working the alarm; — when nobody has taken it</source>
        <translation>El despachador que atiende la alarma; — cuando nadie la ha tomado</translation>
    </message>
    <message>
        <source>Distance and direction from the nearest city when the alarm was raised</source>
        <translation>Distancia y dirección desde la ciudad más cercana cuando se activó la alarma</translation>
    </message>
    <message>
        <source>How long the alarm has waited, or how long it took to acknowledge</source>
        <translation>Cuánto tiempo lleva esperando la alarma, o cuánto tardó en reconocerse</translation>
    </message>
    <message>
        <source>acked in {clock}</source>
        <extracomment>The priority as its wire value (&quot;critical&quot;). The cloud&apos;s state as its wire value (&quot;open&quot;, &quot;acknowledged&quot;). True while a flashing row is in its &quot;on&quot; phase; always False for rows that do not flash. Who owns the alarm (&quot;&quot; when nobody). The escalation level (0: not escalated). A quiet alarm (covert, or the driver&apos;s duress code).</extracomment>
        <translation>reconocida en {clock}</translation>
    </message>
    <message>
        <source>{clock} waiting</source>
        <translation>{clock} en espera</translation>
    </message>
    <message>
        <source>Repeated {n}×, last at {clock}</source>
        <translation>Repetida {n}×, la última a las {clock}</translation>
    </message>
    <message>
        <source>Not yet delivered to the cloud: {error}</source>
        <translation>Aún no entregado a la nube: {error}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Nota: {note}</translation>
    </message>
    <message>
        <source>{who} since {when}</source>
        <translation>{who} desde {when}</translation>
    </message>
    <message>
        <source>Escalated to level {level} at {when}</source>
        <translation>Escalada al nivel {level} el {when}</translation>
    </message>
    <message>
        <source>no fix yet</source>
        <translation>aún sin posición</translation>
    </message>
    <message>
        <source>{where} (now)</source>
        <translation>{where} (ahora)</translation>
    </message>
</context>
<context>
    <name>AlarmQueueView</name>
    <message>
        <source>All</source>
        <extracomment>Starting widths by column, not by header text (which a translation changes); the dispatcher can drag them and the last column stretches. The owner filter&apos;s choices, in the toolbar&apos;s order.</extracomment>
        <translation>Todas</translation>
    </message>
    <message>
        <source>Mine</source>
        <translation>Mías</translation>
    </message>
    <message>
        <source>Unassigned</source>
        <translation>Sin asignar</translation>
    </message>
    <message>
        <source>&amp;Acknowledge…</source>
        <extracomment>The keys of the two actions a dispatcher repeats all shift long (not taken elsewhere). Actions a dispatcher took that count as &quot;pending&quot; in the queue&apos;s summary; the console&apos;s own bookkeeping (&quot;seen&quot; marks, escalation records) is not the dispatcher&apos;s business.</extracomment>
        <translation>&amp;Reconocer…</translation>
    </message>
    <message>
        <source>Acknowledge (Ctrl+K)</source>
        <translation>Reconocer (Ctrl+K)</translation>
    </message>
    <message>
        <source>Acknowledge the selected alarm (Ctrl+K)</source>
        <translation>Reconocer la alarma seleccionada (Ctrl+K)</translation>
    </message>
    <message>
        <source>&amp;Resolve…</source>
        <translation>Res&amp;olver…</translation>
    </message>
    <message>
        <source>Resolve (Ctrl+R)</source>
        <translation>Resolver (Ctrl+R)</translation>
    </message>
    <message>
        <source>Resolve the selected alarm with an outcome (Ctrl+R)</source>
        <translation>Resolver la alarma seleccionada con un resultado (Ctrl+R)</translation>
    </message>
    <message>
        <source>&amp;Next alarm</source>
        <translation>&amp;Siguiente alarma</translation>
    </message>
    <message>
        <source>Select the next alarm in the queue, most urgent first ({key})</source>
        <translation>Seleccionar la siguiente alarma de la cola, la más urgente primero ({key})</translation>
    </message>
    <message>
        <source>Do the next &amp;step</source>
        <translation>Hacer el siguiente &amp;paso</translation>
    </message>
    <message>
        <source>The selected alarm&apos;s next step: acknowledge it, tick its next action-plan step as done, or resolve it once they are all done ({key})</source>
        <translation>El siguiente paso de la alarma seleccionada: reconocerla, marcar como hecho el siguiente paso de su plan de acción, o resolverla cuando todos estén hechos ({key})</translation>
    </message>
    <message>
        <source>Every unresolved alarm</source>
        <translation>Todas las alarmas sin resolver</translation>
    </message>
    <message>
        <source>Only the alarms you own</source>
        <translation>Solo las alarmas de las que usted es responsable</translation>
    </message>
    <message>
        <source>Only the alarms nobody has taken</source>
        <translation>Solo las alarmas que nadie ha tomado</translation>
    </message>
    <message>
        <source>No open alarms</source>
        <translation>No hay alarmas abiertas</translation>
    </message>
    <message>
        <source>Alarm queue</source>
        <translation>Cola de alarmas</translation>
    </message>
    <message>
        <source>Unresolved alarms, most urgent first: priority, escalation, state, owner, alarm type, trailer, driver and place</source>
        <translation>Alarmas sin resolver, las más urgentes primero: prioridad, escalamiento, estado, responsable, tipo de alarma, remolque, operador y lugar</translation>
    </message>
    <message>
        <source>{open} open · {acked} acknowledged</source>
        <translation>abiertas: {open} · reconocidas: {acked}</translation>
    </message>
    <message>
        <source>{n} pending</source>
        <translation>pendientes: {n}</translation>
    </message>
    <message>
        <source>Pending: your acknowledgements, resolutions and ticked steps that have not reached the cloud yet; they are sent as soon as the link is live.</source>
        <translation>Pendientes: sus reconocimientos, resoluciones y pasos marcados que aún no llegan a la nube; se envían en cuanto el enlace esté en vivo.</translation>
    </message>
    <message>
        <source>No alarms match this filter</source>
        <translation>Ninguna alarma coincide con este filtro</translation>
    </message>
</context>
<context>
    <name>AlarmStatistics</name>
    <message>
        <source>Alarm type</source>
        <extracomment>Alarms per ``GET /alarms`` page. The groupings&apos; names: tab titles and the PDF&apos;s headings.</extracomment>
        <translation>Tipo de alarma</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Corridor</source>
        <translation>Corredor</translation>
    </message>
    <message>
        <source>Border crossing</source>
        <translation>Cruce fronterizo</translation>
    </message>
    <message>
        <source>Acknowledged by</source>
        <translation>Reconocida por</translation>
    </message>
    <message>
        <source>Resolved by</source>
        <translation>Resuelta por</translation>
    </message>
    <message>
        <source>Unknown type</source>
        <extracomment>What the group of alarms without a value is called, per grouping.</extracomment>
        <translation>Tipo desconocido</translation>
    </message>
    <message>
        <source>Unknown priority</source>
        <translation>Prioridad desconocida</translation>
    </message>
    <message>
        <source>No corridor</source>
        <translation>Sin corredor</translation>
    </message>
    <message>
        <source>Not at a border crossing</source>
        <translation>Fuera de un cruce fronterizo</translation>
    </message>
    <message>
        <source>Not acknowledged</source>
        <translation>Sin reconocer</translation>
    </message>
    <message>
        <source>Not resolved</source>
        <translation>Sin resolver</translation>
    </message>
    <message>
        <source>Group</source>
        <extracomment>The cell&apos;s number unrounded (a count, or seconds; None where there is none); for the group column, its key.</extracomment>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmas</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abiertas</translation>
    </message>
    <message>
        <source>Ack median (min)</source>
        <translation>Mediana recon. (min)</translation>
    </message>
    <message>
        <source>Ack p90 (min)</source>
        <translation>P90 recon. (min)</translation>
    </message>
    <message>
        <source>Resolve median (min)</source>
        <translation>Mediana resol. (min)</translation>
    </message>
    <message>
        <source>Resolve p90 (min)</source>
        <translation>P90 resol. (min)</translation>
    </message>
    <message>
        <source>Raised in the period and not resolved yet</source>
        <translation>Activadas en el periodo y aún sin resolver</translation>
    </message>
    <message>
        <source>Minutes from raised to acknowledged; nearest-rank median</source>
        <translation>Minutos desde la activación hasta el reconocimiento; mediana por rango más cercano</translation>
    </message>
    <message>
        <source>Minutes from raised to acknowledged; 9 in 10 alarms were faster or as fast (nearest rank)</source>
        <translation>Minutos desde la activación hasta el reconocimiento; 9 de cada 10 alarmas fueron igual de rápidas o más (rango más cercano)</translation>
    </message>
    <message>
        <source>Minutes from raised to resolved; nearest-rank median</source>
        <translation>Minutos desde la activación hasta la resolución; mediana por rango más cercano</translation>
    </message>
    <message>
        <source>Minutes from raised to resolved; 9 in 10 alarms were faster or as fast (nearest rank)</source>
        <translation>Minutos desde la activación hasta la resolución; 9 de cada 10 alarmas fueron igual de rápidas o más (rango más cercano)</translation>
    </message>
</context>
<context>
    <name>AlarmSummary</name>
    <message>
        <source>Priority</source>
        <extracomment>A reason for a step not done: the cloud keeps 3 to 500 characters (SkippedStep.reason). The summary&apos;s rows, by their (English) key in :attr:`AlarmSummary.fields`; shown translated.</extracomment>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarma</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>Ack note</source>
        <translation>Nota de reconocimiento</translation>
    </message>
    <message>
        <source>by {who} at {clock}</source>
        <translation>por {who} a las {clock}</translation>
    </message>
    <message>
        <source>{clock} ({waited} ago)</source>
        <translation>{clock} (hace {waited})</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field}:</translation>
    </message>
</context>
<context>
    <name>Alarms</name>
    <message>
        <source>CRITICAL</source>
        <extracomment>Colour per priority, from the palette in force when read (console/palette.py). Never the only cue: the priority word (and its glyph) is always shown next to it. A priority&apos;s shape, so it is told apart without its colour (the triangle is the alarm&apos;s, as on the fleet&apos;s map and table). The priority&apos;s word, in capitals: it is read at a glance next to its colour.</extracomment>
        <translation>CRÍTICA</translation>
    </message>
    <message>
        <source>HIGH</source>
        <translation>ALTA</translation>
    </message>
    <message>
        <source>MEDIUM</source>
        <translation>MEDIA</translation>
    </message>
    <message>
        <source>INFO</source>
        <translation>INFO</translation>
    </message>
    <message>
        <source>Fiber seal cut</source>
        <extracomment>The dispatcher&apos;s words for each alarm type.</extracomment>
        <translation>Sello de fibra cortado</translation>
    </message>
    <message>
        <source>Forced entry</source>
        <translation>Entrada forzada</translation>
    </message>
    <message>
        <source>Unlocked outside a geofence</source>
        <translation>Desbloqueado fuera de una geocerca</translation>
    </message>
    <message>
        <source>Unlocked without authorisation</source>
        <translation>Desbloqueado sin autorización</translation>
    </message>
    <message>
        <source>Seal number mismatch</source>
        <translation>Número de sello no coincide</translation>
    </message>
    <message>
        <source>Fiber seal degraded</source>
        <translation>Sello de fibra degradado</translation>
    </message>
    <message>
        <source>GPS lost</source>
        <translation>GPS perdido</translation>
    </message>
    <message>
        <source>Lock battery low</source>
        <translation>Batería del candado baja</translation>
    </message>
    <message>
        <source>Driver duress code</source>
        <translation>Código de coacción del operador</translation>
    </message>
    <message>
        <source>Open — not acknowledged</source>
        <extracomment>An alarm&apos;s state in full (the panel, the dialogs).</extracomment>
        <translation>Abierta — sin reconocer</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Reconocida</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>Open</source>
        <extracomment>An alarm&apos;s state in a queue cell, where it is one word or who acknowledged it.</extracomment>
        <translation>Abierta</translation>
    </message>
    <message>
        <source>ack pending…</source>
        <extracomment>An action typed here that the cloud does not have yet, by the desk&apos;s kind of action.</extracomment>
        <translation>reconocimiento pendiente…</translation>
    </message>
    <message>
        <source>resolve pending…</source>
        <translation>resolución pendiente…</translation>
    </message>
    <message>
        <source>owner change pending…</source>
        <translation>cambio de responsable pendiente…</translation>
    </message>
    <message>
        <source>sent</source>
        <extracomment>How a call-list notification fared.</extracomment>
        <translation>enviado</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <source>FAILED</source>
        <translation>FALLIDO</translation>
    </message>
    <message>
        <source>Quiet alarm — do not alert the driver</source>
        <extracomment>Colour per delivery (never the only cue: the word is shown). The discreet banner of a quiet alarm (covert, or the driver&apos;s duress code).</extracomment>
        <translation>Alarma silenciosa — no alertar al operador</translation>
    </message>
    <message>
        <source>False alarm</source>
        <extracomment>How an alarm was resolved: the resolve dialog&apos;s choices, in the order shown. (A phone call&apos;s outcome is another thing: console/contacts/labels.py.)</extracomment>
        <translation>Falsa alarma</translation>
    </message>
    <message>
        <source>Authorised opening</source>
        <translation>Apertura autorizada</translation>
    </message>
    <message>
        <source>Driver confirmed seal intact</source>
        <translation>El operador confirmó el sello intacto</translation>
    </message>
    <message>
        <source>Police notified</source>
        <translation>Se avisó a la policía</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Otro</translation>
    </message>
    <message>
        <source>{alarm} ×{count}</source>
        <translation>{alarm} ×{count}</translation>
    </message>
    <message>
        <source>Acknowledged by {who}</source>
        <translation>Reconocida por {who}</translation>
    </message>
    <message>
        <source>me ({who})</source>
        <translation>yo ({who})</translation>
    </message>
    <message>
        <source>L{level}</source>
        <translation>N{level}</translation>
    </message>
    <message>
        <source>a colleague</source>
        <translation>un compañero</translation>
    </message>
    <message>
        <source>Already acknowledged by {who} at {when}.</source>
        <translation>Ya la reconoció {who} el {when}.</translation>
    </message>
    <message>
        <source>Already resolved by {who} at {when}.</source>
        <translation>Ya la resolvió {who} el {when}.</translation>
    </message>
    <message>
        <source>{who} owns this alarm (since {when}): take it over to act on it.</source>
        <translation>{who} es responsable de esta alarma (desde {when}): tome el control para atenderla.</translation>
    </message>
    <message>
        <source>{who} owns this alarm: take it over to act on it.</source>
        <translation>{who} es responsable de esta alarma: tome el control para atenderla.</translation>
    </message>
    <message>
        <source>A colleague acted first.</source>
        <translation>Un compañero actuó primero.</translation>
    </message>
    <message>
        <source>ESCALATED</source>
        <translation>ESCALADA</translation>
    </message>
    <message>
        <source>ESCALATED: {what}</source>
        <translation>ESCALADA: {what}</translation>
    </message>
</context>
<context>
    <name>ApproveDialog</name>
    <message>
        <source>Approve unlock — {trailer}</source>
        <translation>Aprobar desbloqueo — {trailer}</translation>
    </message>
    <message>
        <source>Choose a geofence…</source>
        <translation>Elija una geocerca…</translation>
    </message>
    <message>
        <source>Valid in:</source>
        <translation>Válido en:</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>Valid for:</source>
        <translation>Válido durante:</translation>
    </message>
    <message>
        <source>The driver&apos;s app receives the code; you may have to read it out on the phone. It opens the lock once, inside the geofence, within the time.</source>
        <translation>La app del operador recibe el código; quizá tenga que dictárselo por teléfono. Abre el candado una sola vez, dentro de la geocerca y dentro del plazo.</translation>
    </message>
    <message>
        <source>One-time unlock code</source>
        <translation>Código de desbloqueo de un solo uso</translation>
    </message>
    <message>
        <source>Approve and give code</source>
        <translation>Aprobar y dar código</translation>
    </message>
    <message>
        <source>Approving…</source>
        <translation>Aprobando…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
    <message>
        <source>Valid once, in {geofence}, until {clock}.
Read it out digit by digit.</source>
        <translation>Válido una vez, en {geofence}, hasta las {clock}.
Díctelo dígito por dígito.</translation>
    </message>
</context>
<context>
    <name>Attention</name>
    <message>
        <source>Mute sounds for 5 min</source>
        <extracomment>Volume per sound: the escalation is the loudest on purpose. Which priorities make a sound on arrival (medium and info stay silent: they are routine). Alarms arriving within this many seconds of the first are one burst: one sound (again only for a more urgent priority than already heard) and one tray message summing up the rest. (sound file name, clock time) per play request, played or not (audio may be absent). (title, text) per notification, whether or not a tray showed it.</extracomment>
        <translation>Silenciar sonidos 5 min</translation>
    </message>
    <message>
        <source>Silence alarm sounds for 5 minutes; they come back on their own. Escalations still sound.</source>
        <translation>Silencia los sonidos de alarma por 5 minutos; vuelven solos. Los escalamientos siguen sonando.</translation>
    </message>
    <message>
        <source>turned off in Preferences</source>
        <translation>desactivados en Preferencias</translation>
    </message>
    <message>
        <source>volume at 0 % in Preferences</source>
        <translation>volumen en 0 % en Preferencias</translation>
    </message>
    <message>
        <source>muted until {time}</source>
        <translation>silenciados hasta las {time}</translation>
    </message>
    <message>
        <source>sound file missing: {files}</source>
        <translation>falta el archivo de sonido: {files}</translation>
    </message>
    <message>
        <source>no audio output device</source>
        <translation>no hay dispositivo de salida de audio</translation>
    </message>
    <message>
        <source>cannot play {files}</source>
        <translation>no se puede reproducir {files}</translation>
    </message>
    <message>
        <source>{priority}: {alarm} — {trailer}</source>
        <translation>{priority}: {alarm} — {trailer}</translation>
    </message>
    <message>
        <source>{n} more new alarms</source>
        <translation>{n} alarmas nuevas más</translation>
    </message>
    <message>
        <source>{n} more new alarm</source>
        <translation>{n} alarma nueva más</translation>
    </message>
    <message>
        <source>({n} critical)</source>
        <translation>(críticas: {n})</translation>
    </message>
    <message>
        <source>{trailers}. See the alarm queue.</source>
        <translation>{trailers}. Vea la cola de alarmas.</translation>
    </message>
    <message>
        <source>alarm {id}</source>
        <translation>alarma {id}</translation>
    </message>
    <message>
        <source>ESCALATED (level {level}): {what}</source>
        <translation>ESCALADA (nivel {level}): {what}</translation>
    </message>
    <message>
        <source>Still not acknowledged. Acknowledge it in the alarm queue (Ctrl+K).</source>
        <translation>Sigue sin reconocer. Reconózcala en la cola de alarmas (Ctrl+K).</translation>
    </message>
    <message>
        <source>Muted — {left} left (click to unmute)</source>
        <translation>Silenciado — faltan {left} (clic para reactivar)</translation>
    </message>
    <message>
        <source>{app} — no unacknowledged alarms</source>
        <translation>{app} — sin alarmas por reconocer</translation>
    </message>
    <message>
        <source>{app} — {n} unacknowledged alarm</source>
        <translation>{app} — {n} alarma por reconocer</translation>
    </message>
    <message>
        <source>{app} — {n} unacknowledged alarms</source>
        <translation>{app} — {n} alarmas por reconocer</translation>
    </message>
    <message>
        <source>Open the alarm queue for details.</source>
        <translation>Abra la cola de alarmas para ver los detalles.</translation>
    </message>
</context>
<context>
    <name>AuditReport</name>
    <message>
        <source>position unknown</source>
        <extracomment>Qt&apos;s translation in a context; the report&apos;s texts are in &quot;AuditReport&quot;.</extracomment>
        <translation>posición desconocida</translation>
    </message>
    <message>
        <source>{place} ({lat}, {lon})</source>
        <translation>{place} ({lat}, {lon})</translation>
    </message>
    <message>
        <source>no plan</source>
        <translation>sin plan</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>NO</source>
        <translation>NO</translation>
    </message>
    <message>
        <source>reply</source>
        <translation>respuesta</translation>
    </message>
    <message>
        <source>baseline</source>
        <extracomment>The driver&apos;s phone, printed after :attr:`driver` (each isolated on its own); None when :attr:`driver` already says it. The carrier&apos;s unlock requests at hand (who approved an authorisation, and when); the ``unlock_request`` events in the history are read too. The action plans the steps are listed against (None: the shipped plans). Geofence names by id, for where a seal was checked or removed.</extracomment>
        <translation>línea base</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>advertencia</translation>
    </message>
    <message>
        <source>tamper</source>
        <translation>manipulación</translation>
    </message>
    <message>
        <source>{line} {level} dBm</source>
        <translation>{line} {level} dBm</translation>
    </message>
    <message>
        <source>{level} dBm</source>
        <translation>{level} dBm</translation>
    </message>
    <message>
        <source>Fiber seal received power (dBm), local time</source>
        <translation>Potencia recibida del sello de fibra (dBm), hora local</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>omitido</translation>
    </message>
    <message>
        <source>done by {who}, {when}</source>
        <translation>hecho por {who}, {when}</translation>
    </message>
    <message>
        <source>(ticked, then unticked by {who}, {when})</source>
        <translation>(marcado y luego desmarcado por {who}, {when})</translation>
    </message>
    <message>
        <source>(never ticked)</source>
        <translation>(nunca marcado)</translation>
    </message>
    <message>
        <source>(unticked by {who}, {when})</source>
        <translation>(desmarcado por {who}, {when})</translation>
    </message>
    <message>
        <source>No action plan for this alarm type was at hand: only the steps on the alarm&apos;s record are listed.</source>
        <translation>No se tenía a la mano un plan de acción para este tipo de alarma: solo se listan los pasos del registro de la alarma.</translation>
    </message>
    <message>
        <source>none recorded</source>
        <translation>ninguno registrado</translation>
    </message>
    <message>
        <source>{when} · {who} · call: {outcome}</source>
        <translation>{when} · {who} · llamada: {outcome}</translation>
    </message>
    <message>
        <source>driver</source>
        <translation>operador</translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation>despacho</translation>
    </message>
    <message>
        <source>{when} · {who} · {status}: “{text}”</source>
        <translation>{when} · {who} · {status}: “{text}”</translation>
    </message>
    <message>
        <source>level {level}</source>
        <translation>nivel {level}</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>{outcome} — {who}, {when}; note: {note}</source>
        <translation>{outcome} — {who}, {when}; nota: {note}</translation>
    </message>
    <message>
        <source>not resolved at the time of this report</source>
        <translation>sin resolver al momento de este informe</translation>
    </message>
    <message>
        <source>not acknowledged</source>
        <translation>sin reconocer</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Reconocida</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Nota</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>Escalamiento</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>Resolución</translation>
    </message>
    <message>
        <source>Action-plan steps</source>
        <translation>Pasos del plan de acción</translation>
    </message>
    <message>
        <source>Driver messages and calls</source>
        <translation>Mensajes y llamadas con el operador</translation>
    </message>
    <message>
        <source>outside any geofence</source>
        <translation>fuera de toda geocerca</translation>
    </message>
    <message>
        <source>NOT authorised</source>
        <translation>NO autorizado</translation>
    </message>
    <message>
        <source>yes — authorisation {id} (its approval is not among the records at hand)</source>
        <translation>sí — autorización {id} (su aprobación no está entre los registros disponibles)</translation>
    </message>
    <message>
        <source>any place</source>
        <translation>cualquier lugar</translation>
    </message>
    <message>
        <source>yes — approved by {who}, {when} (request {id}; valid in {where} until {until})</source>
        <translation>sí — aprobado por {who}, {when} (solicitud {id}; válida en {where} hasta {until})</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>emitido</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>colocado</translation>
    </message>
    <message>
        <source>checked</source>
        <translation>verificado</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retirado</translation>
    </message>
    <message>
        <source>replaced</source>
        <translation>reemplazado</translation>
    </message>
    <message>
        <source>TAMPERED</source>
        <translation>MANIPULADO</translation>
    </message>
    <message>
        <source>read back {number}</source>
        <translation>leído {number}</translation>
    </message>
    <message>
        <source>photo {ref}</source>
        <translation>foto {ref}</translation>
    </message>
    <message>
        <source>MISMATCH: the number read back is not the seal issued</source>
        <translation>NO COINCIDE: el número leído no es el del sello emitido</translation>
    </message>
    <message>
        <source>authorised ({id})</source>
        <translation>autorizado ({id})</translation>
    </message>
    <message>
        <source>removed WITHOUT authorisation</source>
        <translation>retirado SIN autorización</translation>
    </message>
    <message>
        <source>replaced by {number}</source>
        <translation>reemplazado por {number}</translation>
    </message>
    <message>
        <source>found cut or forced</source>
        <translation>encontrado cortado o forzado</translation>
    </message>
    <message>
        <source>Seal {number}: ISO 17712 class {cls}, {maker}</source>
        <translation>Sello {number}: ISO 17712 clase {cls}, {maker}</translation>
    </message>
    <message>
        <source>no plan on record for this trip</source>
        <translation>no hay plan registrado para este viaje</translation>
    </message>
    <message>
        <source>{origin} → {destination} ({route}), window {start} to {end}; trip {id}</source>
        <translation>{origin} → {destination} ({route}), ventana de {start} a {end}; viaje {id}</translation>
    </message>
    <message>
        <source>No logged events in this trip: nothing to verify.</source>
        <translation>No hay eventos registrados en este viaje: nada que verificar.</translation>
    </message>
    <message>
        <source>VERIFIED — complete and unedited</source>
        <translation>VERIFICADA — completa y sin modificaciones</translation>
    </message>
    <message>
        <source>FAILED — the log was altered</source>
        <translation>FALLÓ — la bitácora fue alterada</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Rango</translation>
    </message>
    <message>
        <source>events {first} to {last} ({checked} entries checked)</source>
        <translation>eventos {first} a {last} ({checked} entradas verificadas)</translation>
    </message>
    <message>
        <source>Anchor hash</source>
        <translation>Hash de anclaje</translation>
    </message>
    <message>
        <source>Head hash</source>
        <translation>Hash final</translation>
    </message>
    <message>
        <source>Cloud says</source>
        <translation>Según la nube</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Geofence</source>
        <translation>Geocerca</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lugar</translation>
    </message>
    <message>
        <source>By</source>
        <translation>Por</translation>
    </message>
    <message>
        <source>Authorisation</source>
        <translation>Autorización</translation>
    </message>
    <message>
        <source>At planned destination</source>
        <translation>En el destino planeado</translation>
    </message>
    <message>
        <source>no unlock in this trip</source>
        <translation>ningún desbloqueo en este viaje</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Seal</source>
        <translation>Sello</translation>
    </message>
    <message>
        <source>Evidence</source>
        <translation>Evidencia</translation>
    </message>
    <message>
        <source>Remarks</source>
        <translation>Observaciones</translation>
    </message>
    <message>
        <source>no seal event on record for this trip</source>
        <translation>no hay eventos de sello registrados en este viaje</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Fiber level</source>
        <translation>Nivel de fibra</translation>
    </message>
    <message>
        <source>no tamper event</source>
        <translation>ningún evento de manipulación</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Desde</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Duración</translation>
    </message>
    <message>
        <source>no stop</source>
        <translation>ninguna parada</translation>
    </message>
    <message>
        <source>No alarm in this trip.</source>
        <translation>Ninguna alarma en este viaje.</translation>
    </message>
    <message>
        <source>before {start}: the lock&apos;s record at hand does not reach back to the lock; the figures below start there</source>
        <translation>antes de {start}: el registro disponible del candado no llega hasta el bloqueo; las cifras de abajo empiezan ahí</translation>
    </message>
    <message>
        <source>{when} at {origin}</source>
        <translation>{when} en {origin}</translation>
    </message>
    <message>
        <source>not unlocked in the period (trip under way)</source>
        <translation>sin desbloqueo en el periodo (viaje en curso)</translation>
    </message>
    <message>
        <source>C-TPAT seal verification record · {carrier} · generated {when} by {dispatcher} with the OpticalLock Dispatcher console</source>
        <translation>Registro de verificación de sellos C-TPAT · {carrier} · generado {when} por {dispatcher} con la consola OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Lock / electronic seal</source>
        <translation>Candado / sello electrónico</translation>
    </message>
    <message>
        <source>{lock} / seal {seal}</source>
        <translation>{lock} / sello {seal}</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Trip</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <source>not yet unlocked</source>
        <translation>aún no desbloqueado</translation>
    </message>
    <message>
        <source>Planned trip</source>
        <translation>Viaje planeado</translation>
    </message>
    <message>
        <source>Planned destination</source>
        <translation>Destino planeado</translation>
    </message>
    <message>
        <source>no plan on record</source>
        <translation>sin plan registrado</translation>
    </message>
    <message>
        <source>Locked (sealed)</source>
        <translation>Bloqueado (sellado)</translation>
    </message>
    <message>
        <source>Unlocked (seal opened)</source>
        <translation>Desbloqueado (sello abierto)</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distancia</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>Driving time</source>
        <translation>Tiempo de manejo</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>{hours} in {stops}</source>
        <translation>{hours} en {stops}</translation>
    </message>
    <message>
        <source>Unlocks</source>
        <translation>Desbloqueos</translation>
    </message>
    <message>
        <source>Tamper events</source>
        <translation>Eventos de manipulación</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmas</translation>
    </message>
    <message>
        <source>Seal audit report — trailer {trailer}</source>
        <translation>Informe de auditoría de sello — remolque {trailer}</translation>
    </message>
    <message>
        <source>Conveyance and seal</source>
        <translation>Unidad y sello</translation>
    </message>
    <message>
        <source>Lock and unlock</source>
        <translation>Bloqueo y desbloqueo</translation>
    </message>
    <message>
        <source>Seal custody in this trip</source>
        <translation>Custodia del sello en este viaje</translation>
    </message>
    <message>
        <source>Totals</source>
        <translation>Totales</translation>
    </message>
    <message>
        <source>The stopped time and stops are the sum of the stops listed below.</source>
        <translation>El tiempo detenido y las paradas son la suma de las paradas listadas abajo.</translation>
    </message>
    <message>
        <source>Fiber seal signal</source>
        <translation>Señal del sello de fibra</translation>
    </message>
    <message>
        <source>Alarms, acknowledgements and resolutions</source>
        <translation>Alarmas, reconocimientos y resoluciones</translation>
    </message>
    <message>
        <source>Stops</source>
        <translation>Paradas</translation>
    </message>
    <message>
        <source>Event log integrity</source>
        <translation>Integridad de la bitácora de eventos</translation>
    </message>
    <message>
        <source>The OpticalLock cloud chains every logged event to its predecessor with SHA-256; the check above recomputed that chain over this trip&apos;s events. Any edited, inserted or removed event breaks it.</source>
        <translation>La nube de OpticalLock encadena cada evento registrado con el anterior mediante SHA-256; la verificación de arriba recalculó esa cadena sobre los eventos de este viaje. Cualquier evento modificado, insertado o eliminado la rompe.</translation>
    </message>
    <message>
        <source>Seal audit report — {trailer}</source>
        <translation>Informe de auditoría de sello — {trailer}</translation>
    </message>
    <message>
        <source>Seal audit report · trailer {trailer} · lock {lock} · page {page} of {pages}</source>
        <translation>Informe de auditoría de sello · remolque {trailer} · candado {lock} · página {page} de {pages}</translation>
    </message>
    <message>
        <source>no driver on this trip&apos;s record</source>
        <extracomment>How far back :func:`build_trip_report` looks for a trip&apos;s logged events, and in what steps. The PDF written (None: none was). The cloud&apos;s hash-chain check over the trip&apos;s events passed. What is missing or wrong, in the reader&apos;s words; empty when the report is complete. The language asked for (the words are those of the Qt translator the caller installed).</extracomment>
        <translation>no hay operador en el registro de este viaje</translation>
    </message>
    <message>
        <source>{id} (not in the driver directory)</source>
        <translation>{id} (no está en el directorio de operadores)</translation>
    </message>
    <message>
        <source>The cloud gave the records of {got} of the trip&apos;s {count} alarms.</source>
        <translation>La nube entregó los registros de {got} de las {count} alarmas del viaje.</translation>
    </message>
    <message>
        <source>No trailer {trailer} in this carrier&apos;s fleet.</source>
        <translation>No existe el remolque {trailer} en la flotilla de este transportista.</translation>
    </message>
    <message>
        <source>No trip {trip} of trailer {trailer} in the cloud&apos;s log of the last {days} days.</source>
        <translation>No hay un viaje {trip} del remolque {trailer} en la bitácora de la nube de los últimos {days} días.</translation>
    </message>
    <message>
        <source>Trip {trip} is in the log, but no lock and unlock of it is.</source>
        <translation>El viaje {trip} está en la bitácora, pero no su bloqueo y desbloqueo.</translation>
    </message>
    <message>
        <source>The event log over the trip did not verify: {why}</source>
        <translation>La bitácora de eventos del viaje no se pudo verificar: {why}</translation>
    </message>
    <message>
        <source>no events to check</source>
        <translation>no hay eventos que verificar</translation>
    </message>
</context>
<context>
    <name>CallDialog</name>
    <message>
        <source>Call {name}</source>
        <translation>Llamar a {name}</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Nombre:</translation>
    </message>
    <message>
        <source>Phone:</source>
        <translation>Teléfono:</translation>
    </message>
    <message>
        <source>{id} ({alarm} on {trailer})</source>
        <translation>{id} ({alarm} en {trailer})</translation>
    </message>
    <message>
        <source>Alarm:</source>
        <translation>Alarma:</translation>
    </message>
    <message>
        <source>Trailer:</source>
        <translation>Remolque:</translation>
    </message>
    <message>
        <source>Dial again</source>
        <translation>Volver a marcar</translation>
    </message>
    <message>
        <source>How did the call go?</source>
        <translation>¿Cómo fue la llamada?</translation>
    </message>
    <message>
        <source>What the driver said, or what you left on voicemail (optional)</source>
        <translation>Lo que dijo el operador, o lo que dejó en el buzón de voz (opcional)</translation>
    </message>
    <message>
        <source>Record outcome</source>
        <translation>Registrar resultado</translation>
    </message>
    <message>
        <source>Not called</source>
        <translation>No se llamó</translation>
    </message>
    <message>
        <source>Close without recording anything</source>
        <translation>Cerrar sin registrar nada</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Nota:</translation>
    </message>
    <message>
        <source>Cannot dial: {error}</source>
        <translation>No se puede marcar: {error}</translation>
    </message>
    <message>
        <source>Calling through your phone ({url}). When the call is over, record how it went.</source>
        <translation>Llamando por su teléfono ({url}). Cuando termine la llamada, registre cómo fue.</translation>
    </message>
    <message>
        <source>No program on this computer opened {url}. Dial {phone} yourself, then record how it went.</source>
        <translation>Ningún programa de esta computadora abrió {url}. Marque usted al {phone} y luego registre cómo fue.</translation>
    </message>
    <message>
        <source>The note is {n} characters too long.</source>
        <translation>A la nota le sobran {n} caracteres.</translation>
    </message>
    <message>
        <source>Choose how the call went to record it.</source>
        <translation>Elija cómo fue la llamada para registrarla.</translation>
    </message>
    <message>
        <source>It goes on the record of alarm {id}.</source>
        <translation>Queda en el registro de la alarma {id}.</translation>
    </message>
    <message>
        <source>It goes on the record of trailer {id}.</source>
        <translation>Queda en el registro del remolque {id}.</translation>
    </message>
    <message>
        <source>It goes on the record of the driver&apos;s record.</source>
        <translation>Queda en el registro del operador.</translation>
    </message>
</context>
<context>
    <name>CloudClient</name>
    <message>
        <source>The server&apos;s certificate was refused: {why}</source>
        <extracomment>Stream frames can carry 5,000 telemetry rows; websockets&apos; 1 MiB default is too small. Whom to trust for https/wss (None: the system&apos;s trust store). The stream&apos;s rules (sequencing, backfill, resync, batching); this client does its I/O. The hand-over of delivered events to the store the protocol asked for, if pending. When the last frame of any kind arrived (the stream was known live until then).</extracomment>
        <translation>Se rechazó el certificado del servidor: {why}</translation>
    </message>
</context>
<context>
    <name>ConsoleSession</name>
    <message>
        <source>Internal error: {error}</source>
        <extracomment>Typed REST calls through ``client``, shared by the desk and the messenger. Rejected events and the notices the dispatcher must read (forks, damaged files…). Asks the stream for fewer position fixes while the console cannot keep up. Names the journal file instead of the server URL (the embedded cloud&apos;s port changes every run, its data does not).</extracomment>
        <translation>Error interno: {error}</translation>
    </message>
    <message>
        <source>Your session expired. Sign in again.</source>
        <translation>Su sesión expiró. Inicie sesión de nuevo.</translation>
    </message>
    <message>
        <source>Sign-in failed.</source>
        <translation>No se pudo iniciar sesión.</translation>
    </message>
    <message>
        <source>Signed out.</source>
        <translation>Sesión cerrada.</translation>
    </message>
    <message>
        <source>{problem} Using the system&apos;s trust store.</source>
        <translation>{problem} Se usan los certificados de confianza del sistema.</translation>
    </message>
    <message>
        <source>The cloud&apos;s record changed</source>
        <translation>Cambió el registro de la nube</translation>
    </message>
    <message>
        <source>The cloud&apos;s event log no longer continues what this console showed ({reason}): it was probably restored from an older copy. The fleet was reloaded from the cloud, so the alarms and positions now shown are the cloud&apos;s; the {count} events this console had seen before are kept apart in its journal.</source>
        <translation>La bitácora de eventos de la nube ya no continúa lo que mostraba esta consola ({reason}): probablemente se restauró de una copia anterior. La flotilla se recargó desde la nube, así que las alarmas y posiciones que se muestran ahora son las de la nube; los {count} eventos que esta consola había visto se guardan aparte en su bitácora local.</translation>
    </message>
    <message>
        <source>Cannot follow this cloud</source>
        <translation>No se puede seguir esta nube</translation>
    </message>
    <message>
        <source>{reason} The fleet shown is no longer live.</source>
        <translation>{reason} La flotilla mostrada ya no está en vivo.</translation>
    </message>
    <message>
        <source>{reason} Sign in again.</source>
        <translation>{reason} Inicie sesión de nuevo.</translation>
    </message>
</context>
<context>
    <name>ContactCenter</name>
    <message>
        <source>Sign in to contact drivers.</source>
        <extracomment>Open conversation windows by driver id (one per driver, reused).</extracomment>
        <translation>Inicie sesión para contactar a los operadores.</translation>
    </message>
    <message>
        <source>No driver {id} in this fleet.</source>
        <translation>No existe el operador {id} en esta flotilla.</translation>
    </message>
    <message>
        <source>Trailer {id} has no driver assigned.</source>
        <translation>El remolque {id} no tiene operador asignado.</translation>
    </message>
    <message>
        <source>Alarm {id} is not in this console.</source>
        <translation>La alarma {id} no está en esta consola.</translation>
    </message>
    <message>
        <source>Quiet alarm: the driver is not contacted from it (they may be under duress). Call carrier security; contact the driver from the directory only if security says so.</source>
        <translation>Alarma silenciosa: desde ella no se contacta al operador (podría estar bajo coacción). Llame a la seguridad del transportista; contacte al operador desde el directorio solo si seguridad lo indica.</translation>
    </message>
    <message>
        <source>Message to {name} NOT sent: {reason} Retry it from the conversation.</source>
        <translation>Mensaje a {name} NO enviado: {reason} Reintente desde la conversación.</translation>
    </message>
    <message>
        <source>The call outcome for {name} is not recorded yet: {reason}</source>
        <translation>El resultado de la llamada a {name} aún no se registra: {reason}</translation>
    </message>
    <message>
        <source>{name} wrote: {text}</source>
        <translation>{name} escribió: {text}</translation>
    </message>
</context>
<context>
    <name>Contacts</name>
    <message>
        <source>Reached the driver</source>
        <extracomment>How a phone call to a driver ended, in the order the call dialog offers them.</extracomment>
        <translation>Se contactó al operador</translation>
    </message>
    <message>
        <source>No answer</source>
        <translation>No contestó</translation>
    </message>
    <message>
        <source>Left a voicemail</source>
        <translation>Se dejó mensaje de voz</translation>
    </message>
    <message>
        <source>⋯ sending</source>
        <extracomment>Where a line of a conversation stands, with its ticks (nothing for the driver&apos;s own lines).</extracomment>
        <translation>⋯ enviando</translation>
    </message>
    <message>
        <source>✗ not sent</source>
        <translation>✗ no enviado</translation>
    </message>
    <message>
        <source>✓ sent</source>
        <translation>✓ enviado</translation>
    </message>
    <message>
        <source>✓✓ delivered</source>
        <translation>✓✓ entregado</translation>
    </message>
    <message>
        <source>✓✓ read</source>
        <translation>✓✓ leído</translation>
    </message>
    <message>
        <source>online</source>
        <extracomment>A language is named in itself: a dispatcher looks for &quot;Español&quot;, not its translation.</extracomment>
        <translation>en línea</translation>
    </message>
    <message>
        <source>offline</source>
        <translation>fuera de línea</translation>
    </message>
</context>
<context>
    <name>ConversationDialog</name>
    <message>
        <source>Conversation with {who} — alarm {id}</source>
        <translation>Conversación con {who} — alarma {id}</translation>
    </message>
    <message>
        <source>Conversation with {who}</source>
        <translation>Conversación con {who}</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>☎ Call…</source>
        <extracomment>The text last put in by a template, to tell whether the dispatcher has edited it.</extracomment>
        <translation>☎ Llamar…</translation>
    </message>
    <message>
        <source>Call the driver through your phone or softphone, then record how it went</source>
        <translation>Llamar al operador por su teléfono o softphone y luego registrar cómo fue</translation>
    </message>
    <message>
        <source>Load again</source>
        <translation>Volver a cargar</translation>
    </message>
    <message>
        <source>No messages or calls with this driver yet.</source>
        <translation>Aún no hay mensajes ni llamadas con este operador.</translation>
    </message>
    <message>
        <source>Start from a template: it fills in the trailer, the driver&apos;s name and where the trailer is; edit it freely. Ctrl+Z brings back what you had typed.</source>
        <translation>Empezar con una plantilla: llena el remolque, el nombre del operador y dónde está el remolque; edítela libremente. Ctrl+Z recupera lo que había escrito.</translation>
    </message>
    <message>
        <source>Language of the templates (the driver&apos;s by default)</source>
        <translation>Idioma de las plantillas (por omisión, el del operador)</translation>
    </message>
    <message>
        <source>Write to the driver, or start from a template…</source>
        <translation>Escriba al operador o empiece con una plantilla…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <source>Send to the driver&apos;s app (Ctrl+Enter)</source>
        <translation>Enviar a la app del operador (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Template:</source>
        <translation>Plantilla:</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>No driver</source>
        <translation>Sin operador</translation>
    </message>
    <message>
        <source>Not in this fleet.</source>
        <translation>No está en esta flotilla.</translation>
    </message>
    <message>
        <source>driver app online</source>
        <translation>app del operador en línea</translation>
    </message>
    <message>
        <source>driver app OFFLINE</source>
        <translation>app del operador FUERA DE LÍNEA</translation>
    </message>
    <message>
        <source>trailer {id}</source>
        <translation>remolque {id}</translation>
    </message>
    <message>
        <source>no trailer</source>
        <translation>sin remolque</translation>
    </message>
    <message>
        <source>{priority} {alarm} on trailer {trailer}, raised {clock}</source>
        <translation>{priority} {alarm} en el remolque {trailer}, activada {clock}</translation>
    </message>
    <message>
        <source>no longer in this console&apos;s alarms</source>
        <translation>ya no está entre las alarmas de esta consola</translation>
    </message>
    <message>
        <source>Linked to alarm {id}: {what}. Messages and calls from here go on its audit trail.</source>
        <translation>Vinculada a la alarma {id}: {what}. Los mensajes y llamadas desde aquí quedan en su bitácora de auditoría.</translation>
    </message>
    <message>
        <source>The conversation could not be loaded: {reason}</source>
        <translation>No se pudo cargar la conversación: {reason}</translation>
    </message>
    <message>
        <source>Loading the conversation…</source>
        <translation>Cargando la conversación…</translation>
    </message>
    <message>
        <source>driver</source>
        <translation>operador</translation>
    </message>
    <message>
        <source>— pick a template —</source>
        <translation>— elija una plantilla —</translation>
    </message>
    <message>
        <source>{n} characters over the limit.</source>
        <translation>{n} caracteres por encima del límite.</translation>
    </message>
    <message>
        <source>The driver app is offline: a message cannot be delivered now. Call instead.</source>
        <translation>La app del operador está fuera de línea: ahora no se puede entregar un mensaje. Mejor llame.</translation>
    </message>
    <message>
        <source>Signed out: sign in to send.</source>
        <translation>Sesión cerrada: inicie sesión para enviar.</translation>
    </message>
</context>
<context>
    <name>Credentials</name>
    <message>
        <source>No system keyring is available: your sign-in will not be remembered after you quit.</source>
        <extracomment>What the dispatcher is told (source texts: translated when read, see ``warning``).</extracomment>
        <translation>No hay un llavero del sistema disponible: su sesión no se recordará al salir.</translation>
    </message>
    <message>
        <source>The system keyring did not answer (it may be locked): your sign-in will not be remembered after you quit.</source>
        <translation>El llavero del sistema no respondió (quizá esté bloqueado): su sesión no se recordará al salir.</translation>
    </message>
    <message>
        <source>The system keyring reported an error: your sign-in will not be remembered after you quit.</source>
        <translation>El llavero del sistema reportó un error: su sesión no se recordará al salir.</translation>
    </message>
</context>
<context>
    <name>DetailPanel</name>
    <message>
        <source>Trailer</source>
        <extracomment>The form&apos;s rows, by their (English) key in :attr:`DetailPanel.fields`; shown translated.</extracomment>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Lock / seal</source>
        <translation>Candado / sello</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Trip</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>Posición</translation>
    </message>
    <message>
        <source>Last fix</source>
        <translation>Última posición</translation>
    </message>
    <message>
        <source>Fiber seal</source>
        <translation>Sello de fibra</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Batería</translation>
    </message>
    <message>
        <source>Open alarms</source>
        <translation>Alarmas abiertas</translation>
    </message>
    <message>
        <source>{field}:</source>
        <extracomment>The trailer the fleet search hides (unselected by it), said instead of &quot;select one&quot;.</extracomment>
        <translation>{field}:</translation>
    </message>
    <message>
        <source>Acknowledge alarm…</source>
        <translation>Reconocer alarma…</translation>
    </message>
    <message>
        <source>Acknowledge this trailer&apos;s most urgent open alarm</source>
        <translation>Reconocer la alarma abierta más urgente de este remolque</translation>
    </message>
    <message>
        <source>Message driver…</source>
        <translation>Mensaje al operador…</translation>
    </message>
    <message>
        <source>Call driver…</source>
        <translation>Llamar al operador…</translation>
    </message>
    <message>
        <source>{trailer} is hidden by the fleet search; clear the search to see it.</source>
        <translation>La búsqueda de la flotilla oculta a {trailer}; borre la búsqueda para verlo.</translation>
    </message>
    <message>
        <source>Select a trailer in the fleet table or on the map.</source>
        <translation>Seleccione un remolque en la tabla de la flotilla o en el mapa.</translation>
    </message>
    <message>
        <source>{status} (lock {lock})</source>
        <translation>{status} (candado {lock})</translation>
    </message>
    <message>
        <source>app online</source>
        <translation>app en línea</translation>
    </message>
    <message>
        <source>app offline</source>
        <translation>app fuera de línea</translation>
    </message>
    <message>
        <source>{name} ({app})</source>
        <translation>{name} ({app})</translation>
    </message>
    <message>
        <source>{origin} → {destination} ({route})</source>
        <translation>{origin} → {destination} ({route})</translation>
    </message>
    <message>
        <source>{lat}, {lon} · {speed}</source>
        <translation>{lat}, {lon} · {speed}</translation>
    </message>
    <message>
        <source>no fix yet</source>
        <translation>aún sin posición</translation>
    </message>
    <message>
        <source>{age} ago</source>
        <translation>hace {age}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source> · GPS LOST</source>
        <translation> · GPS PERDIDO</translation>
    </message>
    <message>
        <source>{level} dBm (baseline {baseline} dBm)</source>
        <translation>{level} dBm (línea base {baseline} dBm)</translation>
    </message>
    <message>
        <source>{priority} {alarm}: {detail}</source>
        <translation>{priority} {alarm}: {detail}</translation>
    </message>
    <message>
        <source>(acknowledged by {who})</source>
        <translation>(reconocida por {who})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
</context>
<context>
    <name>DiagnosticsView</name>
    <message>
        <source>Link diagnostics</source>
        <translation>Diagnóstico del enlace</translation>
    </message>
    <message>
        <source>Notices</source>
        <translation>Avisos</translation>
    </message>
    <message>
        <source>Rejected events</source>
        <translation>Eventos rechazados</translation>
    </message>
    <message>
        <source>Raw text of the selected event</source>
        <translation>Texto original del evento seleccionado</translation>
    </message>
    <message>
        <source>Select an event to see its raw text.</source>
        <translation>Seleccione un evento para ver su texto original.</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Copiar</translation>
    </message>
    <message>
        <source>Copy the selected event&apos;s raw text</source>
        <translation>Copiar el texto original del evento seleccionado</translation>
    </message>
    <message>
        <source>The link has set no event aside.</source>
        <translation>El enlace no ha apartado ningún evento.</translation>
    </message>
    <message>
        <source>The console could not read these events from the cloud&apos;s log. Each was stepped over so the rest of the stream kept coming; the fleet may be missing what they said. Copy the raw text into a report to the cloud&apos;s operators.</source>
        <translation>La consola no pudo leer estos eventos de la bitácora de la nube. Se omitió cada uno para que el resto del flujo siguiera llegando; a la flotilla le puede faltar lo que decían. Copie el texto original en un reporte para los administradores de la nube.</translation>
    </message>
    <message>
        <source>{total} events were set aside since the console started; the latest {kept} are listed. The local journal keeps them all.</source>
        <translation>Se apartaron {total} eventos desde que inició la consola; se listan los últimos {kept}. La bitácora local los conserva todos.</translation>
    </message>
</context>
<context>
    <name>Dialing</name>
    <message>
        <source>{phone} has no digits to dial</source>
        <extracomment>The call URL when the settings name no softphone: the desktop&apos;s tel: handler. Placeholders of a call URL template: &quot;+16195550142&quot; and &quot;16195550142&quot;. Schemes whose URLs take a phone number as it is (&quot;+&quot; included); any other (an http softphone API) gets it percent-encoded, or &quot;+&quot; would arrive as a space.</extracomment>
        <translation>{phone} no tiene dígitos que marcar</translation>
    </message>
    <message>
        <source>Call URL template {template}: {error}</source>
        <translation>Plantilla de URL de llamada {template}: {error}</translation>
    </message>
    <message>
        <source>Call URL template {template} uses unknown placeholder(s) {unknown}; use {{phone}} or {{digits}}</source>
        <translation>La plantilla de URL de llamada {template} usa marcador(es) desconocido(s) {unknown}; use {{phone}} o {{digits}}</translation>
    </message>
    <message>
        <source>Call URL template {template} has no {{phone}} or {{digits}}</source>
        <translation>La plantilla de URL de llamada {template} no tiene {{phone}} ni {{digits}}</translation>
    </message>
    <message>
        <source>Call URL template {template} must start with a scheme such as tel: or https:</source>
        <translation>La plantilla de URL de llamada {template} debe empezar con un esquema como tel: o https:</translation>
    </message>
</context>
<context>
    <name>DriverDirectory</name>
    <message>
        <source>Search drivers</source>
        <translation>Buscar operadores</translation>
    </message>
    <message>
        <source>Search name, phone, language, trailer, online…</source>
        <translation>Buscar nombre, teléfono, idioma, remolque, en línea…</translation>
    </message>
    <message>
        <source>Drivers</source>
        <translation>Operadores</translation>
    </message>
    <message>
        <source>The carrier&apos;s drivers: name, phone, language, app status and trailer</source>
        <translation>Los operadores del transportista: nombre, teléfono, idioma, estado de la app y remolque</translation>
    </message>
    <message>
        <source>Message…</source>
        <translation>Mensaje…</translation>
    </message>
    <message>
        <source>Open the conversation with the selected driver (double-click or Enter)</source>
        <translation>Abrir la conversación con el operador seleccionado (doble clic o Enter)</translation>
    </message>
    <message>
        <source>Call…</source>
        <translation>Llamar…</translation>
    </message>
    <message>
        <source>Call the selected driver through your phone or softphone</source>
        <translation>Llamar al operador seleccionado por su teléfono o softphone</translation>
    </message>
    <message>
        <source>{shown} of {total} drivers</source>
        <translation>{shown} de {total} operadores</translation>
    </message>
    <message>
        <source>{total} drivers</source>
        <translation>{total} operadores</translation>
    </message>
</context>
<context>
    <name>DriverTable</name>
    <message>
        <source>Driver</source>
        <extracomment>Column titles and their tooltips, translated when a view asks for them.</extracomment>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Driver app</source>
        <translation>App del operador</translation>
    </message>
    <message>
        <source>Messages reach the driver only while the app is online; call otherwise.</source>
        <translation>Los mensajes llegan al operador solo mientras la app está en línea; si no, llame.</translation>
    </message>
    <message>
        <source>Message templates are offered in this language.</source>
        <translation>Las plantillas de mensaje se ofrecen en este idioma.</translation>
    </message>
    <message>
        <source>The driver app is online: messages are delivered now.</source>
        <translation>La app del operador está en línea: los mensajes se entregan ahora.</translation>
    </message>
    <message>
        <source>The driver app is offline: a message cannot be delivered; call.</source>
        <translation>La app del operador está fuera de línea: no se puede entregar un mensaje; llame.</translation>
    </message>
</context>
<context>
    <name>EscalationBanner</name>
    <message>
        <source>Click to select this alarm in the queue</source>
        <extracomment>The border&apos;s palette role in the flash&apos;s &quot;on&quot; and &quot;off&quot; phases (the theme&apos;s colours). A style sheet template (widgets/theme.py): ``{border}`` is the phase&apos;s palette field.</extracomment>
        <translation>Clic para seleccionar esta alarma en la cola</translation>
    </message>
</context>
<context>
    <name>EventTimeline</name>
    <message>
        <source>Lock event timeline</source>
        <extracomment>Glyph per entry kind: (pyqtgraph symbol, palette role; the colour is the theme&apos;s in force, console/palette.py). Kinds not listed use the lane&apos;s default.</extracomment>
        <translation>Línea de tiempo de eventos del candado</translation>
    </message>
    <message>
        <source>The lock&apos;s events over time in lanes: lock, seal, alarms and dispatcher actions, geofence and trip, GPS and battery, driver; the same time axis as the seal chart</source>
        <translation>Los eventos del candado en el tiempo, por carriles: candado, sello, alarmas y acciones del despachador, geocerca y viaje, GPS y batería, operador; con el mismo eje de tiempo que la gráfica del sello</translation>
    </message>
    <message>
        <source>{where} ({lat}, {lon}) — click to show on the map</source>
        <extracomment>The trip-history replay&apos;s time (hidden unless a replay is shown).</extracomment>
        <translation>{where} ({lat}, {lon}) — clic para mostrar en el mapa</translation>
    </message>
</context>
<context>
    <name>FiberChart</name>
    <message>
        <source>● Live — last hour</source>
        <extracomment>Room right of &quot;now&quot; in live mode, as a share of the window (the latest sample is not on the frame&apos;s edge).</extracomment>
        <translation>● En vivo — última hora</translation>
    </message>
    <message>
        <source>○ Back to live</source>
        <translation>○ Volver a en vivo</translation>
    </message>
    <message>
        <source>✕ cut  ▼ degraded  ■ forced entry  ● alarm</source>
        <extracomment>Width of the value axis; the timeline uses the same, so both time axes line up exactly. The level lines: (palette role, pen style); colours from the theme in force (console/palette.py), re-applied on a switch. Where each level line&apos;s label goes: (share of the view&apos;s width, text anchor). At the left the baseline&apos;s above its line and the warning&apos;s below its own (3 dB lower), so they never meet; the tamper line&apos;s further right, above its line: however short the chart, no two labels write over each other, and the right end stays for live data and incidents. Height a level line&apos;s label takes above its line (px). Marker glyph per incident: (pyqtgraph symbol, palette role, size, legend word). Shape tells the kind apart without colour.</extracomment>
        <translation>✕ corte  ▼ degradado  ■ entrada forzada  ● alarma</translation>
    </message>
    <message>
        <source>Tamper: fiber seal cut</source>
        <extracomment>A tamper marker&apos;s title in its tooltip.</extracomment>
        <translation>Manipulación: sello de fibra cortado</translation>
    </message>
    <message>
        <source>Tamper: fiber seal degraded</source>
        <translation>Manipulación: sello de fibra degradado</translation>
    </message>
    <message>
        <source>Tamper: forced entry</source>
        <translation>Manipulación: entrada forzada</translation>
    </message>
    <message>
        <source>Seal level (dBm)</source>
        <extracomment>Full redraws done (benchmarks and tests read it). The trip-history replay&apos;s time (hidden unless a replay is shown).</extracomment>
        <translation>Nivel del sello (dBm)</translation>
    </message>
    <message>
        <source>Follow the last hour as samples arrive. Panning or zooming the chart leaves live mode.</source>
        <translation>Seguir la última hora conforme llegan las muestras. Desplazar o hacer zoom en la gráfica sale del modo en vivo.</translation>
    </message>
    <message>
        <source>Time and level of the sample under the mouse</source>
        <translation>Hora y nivel de la muestra bajo el puntero</translation>
    </message>
    <message>
        <source>Incident markers on the curve</source>
        <translation>Marcas de incidentes en la curva</translation>
    </message>
    <message>
        <source>Seal level chart</source>
        <translation>Gráfica del nivel del sello</translation>
    </message>
    <message>
        <source>The lock&apos;s fiber seal level in dBm over time, with its baseline, the warning and tamper levels, and markers where the seal was cut, degraded or forced</source>
        <translation>El nivel del sello de fibra del candado en dBm a lo largo del tiempo, con su línea base, los niveles de advertencia y de manipulación, y marcas donde el sello fue cortado, se degradó o fue forzado</translation>
    </message>
    <message>
        <source>dBm</source>
        <translation>dBm</translation>
    </message>
    <message>
        <source>baseline {level} dBm</source>
        <translation>línea base {level} dBm</translation>
    </message>
    <message>
        <source>warning −{drop} dB ({level})</source>
        <translation>advertencia −{drop} dB ({level})</translation>
    </message>
    <message>
        <source>tamper −{drop} dB ({level})</source>
        <translation>manipulación −{drop} dB ({level})</translation>
    </message>
    <message>
        <source>Loading history…</source>
        <translation>Cargando historial…</translation>
    </message>
    <message>
        <source>Point at the chart to read time and level</source>
        <translation>Apunte a la gráfica para leer la hora y el nivel</translation>
    </message>
    <message>
        <source>({drop} dB below baseline)</source>
        <translation>({drop} dB por debajo de la línea base)</translation>
    </message>
    <message>
        <source>({rise} dB above baseline)</source>
        <translation>({rise} dB por encima de la línea base)</translation>
    </message>
    <message>
        <source>{priority} alarm: {alarm}</source>
        <translation>Alarma {priority}: {alarm}</translation>
    </message>
</context>
<context>
    <name>FiberSeries</name>
    <message>
        <source>Not signed in: older history cannot be loaded.</source>
        <extracomment>``CloudClient.request`` or anything with its signature. What is loaded on watching a lock, and what the chart shows live. Older history is loaded in chunks of this span, newest first. Never load further back than this (the cloud keeps 35 days; a range may span 62). Waits between tries of a lock&apos;s first window while the cloud is unreachable. Samples kept per lock: 46 days at one per 10 s; beyond it the oldest are dropped. The typed cloud API history is loaded through (None: signed out; live only). From this time on, every sample the cloud has is loaded (None: nothing loaded yet). Live rows picked for the watched lock (tests check a switch stops them).</extracomment>
        <translation>Sin sesión iniciada: no se puede cargar el historial anterior.</translation>
    </message>
    <message>
        <source>The cloud sent a malformed history page ({error}).</source>
        <translation>La nube envió una página de historial mal formada ({error}).</translation>
    </message>
    <message>
        <source>History not loaded: {error}</source>
        <translation>Historial no cargado: {error}</translation>
    </message>
    <message>
        <source>Not signed in: {error}</source>
        <translation>Sin sesión iniciada: {error}</translation>
    </message>
    <message>
        <source>History not loaded: the cloud answered HTTP {status} ({message}).</source>
        <translation>Historial no cargado: la nube respondió HTTP {status} ({message}).</translation>
    </message>
</context>
<context>
    <name>Fleet</name>
    <message>
        <source>Alarm</source>
        <extracomment>What a dispatcher sees at a glance; the map, the overview and the table use the same words.</extracomment>
        <translation>Alarma</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Desbloqueado</translation>
    </message>
    <message>
        <source>No fix</source>
        <translation>Sin posición</translation>
    </message>
    <message>
        <source>Moving</source>
        <translation>En movimiento</translation>
    </message>
    <message>
        <source>Parked</source>
        <translation>Estacionado</translation>
    </message>
    <message>
        <source>Locked</source>
        <extracomment>A trailer state&apos;s colour everywhere: map markers, overview tiles, legends, from the palette in force (console/palette.py) when read. Never the only cue: the state&apos;s word and its glyph are always shown with it. A trailer state&apos;s shape, so that it is told apart without its colour (tables, tiles, legends).</extracomment>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Shackle open</source>
        <translation>Arco abierto</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} d</translation>
    </message>
</context>
<context>
    <name>FleetMapFeed</name>
    <message>
        <source>Driver</source>
        <extracomment>ack token -&gt; what the page confirms with it (fleet size, or locks now in alarm). The selected trailer&apos;s popup is refreshed at most once a second.</extracomment>
        <translation>Operador</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Candado</translation>
    </message>
    <message>
        <source>{state} · seal {seal}</source>
        <translation>{state} · sello {seal}</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Velocidad</translation>
    </message>
    <message>
        <source>Last fix</source>
        <translation>Última posición</translation>
    </message>
    <message>
        <source>{age} ago</source>
        <translation>hace {age}</translation>
    </message>
    <message>
        <source>never</source>
        <translation>nunca</translation>
    </message>
    <message>
        <source>Fiber seal</source>
        <translation>Sello de fibra</translation>
    </message>
    <message>
        <source>{level} dBm (baseline {baseline})</source>
        <translation>{level} dBm (línea base {baseline})</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Batería</translation>
    </message>
    <message>
        <source>Trip</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <source>not acknowledged</source>
        <translation>sin reconocer</translation>
    </message>
    <message>
        <source>acknowledged by {who}</source>
        <translation>reconocida por {who}</translation>
    </message>
</context>
<context>
    <name>FleetPanel</name>
    <message>
        <source>Search trailer, lock, driver, state, city…</source>
        <extracomment>In a fleet of more than SEARCH_DELAY_ROWS trailers the search is applied once typing pauses SEARCH_DELAY_MS (a keystroke never waits for 10,000 rows: ~70 ms each, bench/bench_search.py); a smaller one filters as each key is typed. Starting widths of the table&apos;s columns (the dispatcher&apos;s own widths persist in QSettings).</extracomment>
        <translation>Buscar remolque, candado, operador, estado, ciudad…</translation>
    </message>
    <message>
        <source>Clear search</source>
        <extracomment>The trailer the dispatcher selected last, kept while the search hides it.</extracomment>
        <translation>Borrar búsqueda</translation>
    </message>
    <message>
        <source>{trailer} is hidden by the search.</source>
        <translation>La búsqueda oculta a {trailer}.</translation>
    </message>
    <message>
        <source>{shown} of {total} trailers</source>
        <translation>{shown} de {total} remolques</translation>
    </message>
    <message>
        <source>{total} trailers</source>
        <translation>{total} remolques</translation>
    </message>
    <message>
        <source>Message driver…</source>
        <translation>Mensaje al operador…</translation>
    </message>
    <message>
        <source>Call driver…</source>
        <translation>Llamar al operador…</translation>
    </message>
    <message>
        <source>Trip history…</source>
        <translation>Historial de viajes…</translation>
    </message>
</context>
<context>
    <name>FleetTable</name>
    <message>
        <source>Trailer</source>
        <extracomment>The trailer statuses&apos; names, translated at lookup (kept for the readers of this name; new code calls :func:`console.fleet.labels.status_label`). Re-sort at most this often while the values of the sort column move. The nearest city in a moving trailer&apos;s search text is looked up again this often. What a dispatcher types for a state or an alarm, in English and Spanish, found beside the (translated) names shown: search vocabulary, never shown, so not translated. After a reset, the search texts are made in the background, this many rows per turn of the event loop, from this long after it (so a search does not wait for 10,000 of them). Column titles and their tooltips, translated when a view asks for them.</extracomment>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Candado</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Velocidad</translation>
    </message>
    <message>
        <source>Last fix</source>
        <translation>Última posición</translation>
    </message>
    <message>
        <source>Fiber seal</source>
        <translation>Sello de fibra</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Batería</translation>
    </message>
    <message>
        <source>Trip</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <source>Time since the lock&apos;s last GPS fix</source>
        <translation>Tiempo desde la última posición GPS del candado</translation>
    </message>
    <message>
        <source>Received optical power through the seal loop, and its drop from the seal&apos;s own baseline</source>
        <translation>Potencia óptica recibida por el lazo del sello, y su caída respecto a la línea base del propio sello</translation>
    </message>
    <message>
        <source>Alarm &gt; unlocked &gt; no recent fix &gt; moving &gt; parked</source>
        <translation>Alarma &gt; desbloqueado &gt; sin posición reciente &gt; en movimiento &gt; estacionado</translation>
    </message>
    <message>
        <source>never</source>
        <extracomment>Columns whose values move with every lock report (position, fiber, battery). The sort key of every trailer for the sort column, and the trailers whose key may have moved since the last sort (only those are computed again). Search text per trailer (folded, see table_filter.fold_text), made once and again only for the trailers a change touched; the nearest city of each, and the trailers that moved since their city was looked up.</extracomment>
        <translation>nunca</translation>
    </message>
    <message>
        <source>{age} (GPS lost)</source>
        <translation>{age} (GPS perdido)</translation>
    </message>
    <message>
        <source>clean connector</source>
        <translation>limpiar conector</translation>
    </message>
    <message>
        <source>Seal {seal}: {level} dBm, baseline {baseline} dBm</source>
        <translation>Sello {seal}: {level} dBm, línea base {baseline} dBm</translation>
    </message>
    <message>
        <source>{drop} dB below its baseline with light still through the loop: most likely a dirty or worn connector. Schedule cleaning; the Lock &amp; seal panel says whether it sagged slowly or dropped at once.</source>
        <translation>{drop} dB por debajo de su línea base y la luz aún pasa por el lazo: lo más probable es un conector sucio o desgastado. Programe la limpieza; el panel Candado y sello indica si bajó poco a poco o de golpe.</translation>
    </message>
</context>
<context>
    <name>Handover</name>
    <message>
        <source>acknowledgement</source>
        <extracomment>Qt&apos;s translation in a context; the report&apos;s texts are in &quot;Handover&quot;.</extracomment>
        <translation>reconocimiento</translation>
    </message>
    <message>
        <source>resolution</source>
        <translation>resolución</translation>
    </message>
    <message>
        <source>step</source>
        <translation>paso</translation>
    </message>
    <message>
        <source>escalation</source>
        <translation>escalamiento</translation>
    </message>
    <message>
        <source>seen mark</source>
        <translation>marca de visto</translation>
    </message>
    <message>
        <source>Shift handover — {carrier}</source>
        <extracomment>Plan steps not done yet (in the plan&apos;s order); none once the alarm is resolved, whose undone steps are :attr:`steps_skipped`, with their reasons. Steps left undone when the alarm was resolved, each with the reason given. Actions typed on this console that the cloud has not confirmed.</extracomment>
        <translation>Entrega de turno — {carrier}</translation>
    </message>
    <message>
        <source>Open — not yet acknowledged</source>
        <translation>Abiertas — aún sin reconocer</translation>
    </message>
    <message>
        <source>Acknowledged — still to be resolved</source>
        <translation>Reconocidas — falta resolverlas</translation>
    </message>
    <message>
        <source>Resolved this shift</source>
        <translation>Resueltas en este turno</translation>
    </message>
    <message>
        <source>{open} open, {acknowledged} acknowledged but not resolved, {resolved} resolved this shift</source>
        <translation>abiertas: {open}; reconocidas sin resolver: {acknowledged}; resueltas en este turno: {resolved}</translation>
    </message>
    <message>
        <source>Shift from {start} to {end}</source>
        <translation>Turno de {start} a {end}</translation>
    </message>
    <message>
        <source>Handed over by {dispatcher}</source>
        <translation>Entregado por {dispatcher}</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioridad</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>Activada</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>Detalle</translation>
    </message>
    <message>
        <source>Escalated</source>
        <translation>Escalada</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>Reconocida</translation>
    </message>
    <message>
        <source>by {who} at {when} (after {waited})</source>
        <translation>por {who} el {when} (después de {waited})</translation>
    </message>
    <message>
        <source>Ack note</source>
        <translation>Nota de reconocimiento</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Resuelta</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Resultado</translation>
    </message>
    <message>
        <source>Resolve note</source>
        <translation>Nota de resolución</translation>
    </message>
    <message>
        <source>Done:</source>
        <translation>Hecho:</translation>
    </message>
    <message>
        <source>Still to do ({plan}):</source>
        <translation>Pendiente ({plan}):</translation>
    </message>
    <message>
        <source>Not done, with the reason given:</source>
        <translation>No realizado, con el motivo indicado:</translation>
    </message>
    <message>
        <source>Typed on this console but not yet received by the cloud:</source>
        <translation>Capturado en esta consola pero aún no recibido por la nube:</translation>
    </message>
    <message>
        <source>Shift from {start} to {end}, handed over by {dispatcher}.</source>
        <translation>Turno de {start} a {end}, entregado por {dispatcher}.</translation>
    </message>
    <message>
        <source>{trailer}, driver {driver}</source>
        <translation>{trailer}, operador {driver}</translation>
    </message>
    <message>
        <source>{by_at}, outcome {outcome}</source>
        <translation>{by_at}, resultado {outcome}</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
    <message>
        <source>Still to do</source>
        <translation>Pendiente</translation>
    </message>
    <message>
        <source>Not done</source>
        <translation>No realizado</translation>
    </message>
    <message>
        <source>Not yet received by the cloud</source>
        <translation>Aún no recibido por la nube</translation>
    </message>
    <message>
        <source>None.</source>
        <translation>Ninguna.</translation>
    </message>
    <message>
        <source>{trailer} (lock {lock})</source>
        <translation>{trailer} (candado {lock})</translation>
    </message>
    <message>
        <source>by {who} at {when}</source>
        <translation>por {who} el {when}</translation>
    </message>
    <message>
        <source>level {level} at {when}</source>
        <translation>nivel {level} el {when}</translation>
    </message>
    <message>
        <source>step “{step}” marked done</source>
        <translation>paso “{step}” marcado como hecho</translation>
    </message>
    <message>
        <source>step “{step}” marked not done</source>
        <translation>paso “{step}” marcado como no realizado</translation>
    </message>
    <message>
        <source>{what} (note: {note})</source>
        <translation>{what} (nota: {note})</translation>
    </message>
    <message>
        <source>{what}, typed {when}</source>
        <translation>{what}, capturado {when}</translation>
    </message>
    <message>
        <source>{text}; last error: {error}</source>
        <translation>{text}; último error: {error}</translation>
    </message>
</context>
<context>
    <name>HandoverDialog</name>
    <message>
        <source>Export HTML…</source>
        <extracomment>kind → (button text, file-type filter, suffix); the texts are translated when shown.</extracomment>
        <translation>Exportar HTML…</translation>
    </message>
    <message>
        <source>HTML files (*.html *.htm)</source>
        <translation>Archivos HTML (*.html *.htm)</translation>
    </message>
    <message>
        <source>Export Markdown…</source>
        <translation>Exportar Markdown…</translation>
    </message>
    <message>
        <source>Markdown files (*.md)</source>
        <translation>Archivos Markdown (*.md)</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Exportar PDF…</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Shift handover — OpticalLock Dispatcher</source>
        <translation>Entrega de turno — OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Export the handover report as {kind}</source>
        <translation>Exportar el informe de entrega de turno como {kind}</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <source>{m} min</source>
        <translation>{m} min</translation>
    </message>
    <message>
        <source>{h} h {m} min</source>
        <translation>{h} h {m} min</translation>
    </message>
    <message>
        <source>{d} d {h} h</source>
        <translation>{d} d {h} h</translation>
    </message>
</context>
<context>
    <name>HistoryLoader</name>
    <message>
        <source>positions</source>
        <extracomment>How far before a period the loader looks for the plan and the lock of a trip under way. The cloud serves at most this span per request (cloudsim: 62 days). What a page or a check is of, by the (English) key the loader and its log use.</extracomment>
        <translation>posiciones</translation>
    </message>
    <message>
        <source>fiber</source>
        <translation>fibra</translation>
    </message>
    <message>
        <source>events</source>
        <translation>eventos</translation>
    </message>
    <message>
        <source>the hash-chain check</source>
        <translation>la verificación de la cadena de hashes</translation>
    </message>
    <message>
        <source>Not signed in: {error}</source>
        <extracomment>The lock&apos;s ``trip`` and ``lock_state`` events from before :attr:`start` (looked back for): the plan and the lock of the first trip, if they came before. The period asked for began here; :attr:`start` is earlier when a trip was under way.</extracomment>
        <translation>Sin sesión iniciada: {error}</translation>
    </message>
    <message>
        <source>Loaded</source>
        <translation>Cargado</translation>
    </message>
    <message>
        <source>Loading {what}…</source>
        <translation>Cargando {what}…</translation>
    </message>
    <message>
        <source>Looking for the trip under way…</source>
        <translation>Buscando el viaje en curso…</translation>
    </message>
    <message>
        <source>Verifying the event log&apos;s hash chain…</source>
        <translation>Verificando la cadena de hashes de la bitácora de eventos…</translation>
    </message>
    <message>
        <source>The cloud refused the {what} request: {error}</source>
        <translation>La nube rechazó la solicitud ({what}): {error}</translation>
    </message>
    <message>
        <source>Could not load the {what} after {tries} tries ({error}); nothing was shown as complete.</source>
        <translation>No se pudo cargar: {what}, tras {tries} intentos ({error}); no se mostró nada como completo.</translation>
    </message>
</context>
<context>
    <name>HistoryView</name>
    <message>
        <source>This trip</source>
        <extracomment>The periods offered, in order (source texts: shown translated, found by code in English).</extracomment>
        <translation>Este viaje</translation>
    </message>
    <message>
        <source>Last 24 hours</source>
        <translation>Últimas 24 horas</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Últimos 30 días</translation>
    </message>
    <message>
        <source>Custom range</source>
        <translation>Rango personalizado</translation>
    </message>
    <message>
        <source>Seal audit PDF</source>
        <extracomment>Export kinds: the button&apos;s text (a source text, shown translated) and the file filter.</extracomment>
        <translation>PDF de auditoría de sello</translation>
    </message>
    <message>
        <source>Load</source>
        <translation>Cargar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Trailer:</source>
        <translation>Remolque:</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Periodo:</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Trips</source>
        <translation>Viajes</translation>
    </message>
    <message>
        <source>The trailer&apos;s trips in the loaded period: route, times, distance, unlocks, tamper events and alarms</source>
        <translation>Los viajes del remolque en el periodo cargado: ruta, horas, distancia, desbloqueos, eventos de manipulación y alarmas</translation>
    </message>
    <message>
        <source>▶ Play</source>
        <translation>▶ Reproducir</translation>
    </message>
    <message>
        <source>Replay time</source>
        <translation>Hora de la reproducción</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>Seguir</translation>
    </message>
    <message>
        <source>Export:</source>
        <translation>Exportar:</translation>
    </message>
    <message>
        <source>{previous}&apos;s history was closed: {trailer} is selected.</source>
        <translation>Se cerró el historial de {previous}: está seleccionado {trailer}.</translation>
    </message>
    <message>
        <source>Pick a trailer of this fleet.</source>
        <translation>Elija un remolque de esta flotilla.</translation>
    </message>
    <message>
        <source>Sign in to load history from the cloud.</source>
        <translation>Inicie sesión para cargar el historial desde la nube.</translation>
    </message>
    <message>
        <source>The period must end after it starts.</source>
        <translation>El periodo debe terminar después de empezar.</translation>
    </message>
    <message>
        <source>Loading {trailer} from {start} to {end}…</source>
        <translation>Cargando {trailer} de {start} a {end}…</translation>
    </message>
    <message>
        <source>Loading failed: {error}</source>
        <translation>Falló la carga: {error}</translation>
    </message>
    <message>
        <source>Loading cancelled; nothing was loaded.</source>
        <translation>Carga cancelada; no se cargó nada.</translation>
    </message>
    <message>
        <source>The sum of the trips&apos; rows. Outside any trip: {distance}, stopped {stopped} in {stops}, {unlocks}, {alarms}.</source>
        <translation>La suma de las filas de los viajes. Fuera de cualquier viaje: {distance}, detenido {stopped} en {stops}, {unlocks}, {alarms}.</translation>
    </message>
    <message>
        <source>log verified</source>
        <translation>bitácora verificada</translation>
    </message>
    <message>
        <source>LOG CHECK FAILED</source>
        <translation>FALLÓ LA VERIFICACIÓN DE LA BITÁCORA</translation>
    </message>
    <message>
        <source>no events to verify</source>
        <translation>no hay eventos que verificar</translation>
    </message>
    <message>
        <source>{trailer}: {fixes} fixes, {samples} fiber samples, {events} events in {pages} pages · {chain}</source>
        <translation>{trailer}: {fixes} posiciones, {samples} muestras de fibra, {events} eventos en {pages} páginas · {chain}</translation>
    </message>
    <message>
        <source>Unlocked by {actor}</source>
        <translation>Desbloqueado por {actor}</translation>
    </message>
    <message>
        <source>Locked by {actor}</source>
        <translation>Bloqueado por {actor}</translation>
    </message>
    <message>
        <source>Tamper: {kind}</source>
        <translation>Manipulación: {kind}</translation>
    </message>
    <message>
        <source>Alarm: {alarm}</source>
        <translation>Alarma: {alarm}</translation>
    </message>
    <message>
        <source>Stopped {duration} from {start}</source>
        <translation>Detenido {duration} desde {start}</translation>
    </message>
    <message>
        <source>{trips} · {distance} · driving {driving} · stopped {stopped} in {stops} · {unlocks} · {tampers} · {alarms}</source>
        <translation>{trips} · {distance} · manejando {driving} · detenido {stopped} en {stops} · {unlocks} · {tampers} · {alarms}</translation>
    </message>
    <message numerus="yes">
        <source>%n trip(s)</source>
        <translation>
            <numerusform>%n viaje</numerusform>
            <numerusform>%n viajes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stop(s)</source>
        <translation>
            <numerusform>%n parada</numerusform>
            <numerusform>%n paradas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n unlock(s)</source>
        <translation>
            <numerusform>%n desbloqueo</numerusform>
            <numerusform>%n desbloqueos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n tamper event(s)</source>
        <translation>
            <numerusform>%n evento de manipulación</numerusform>
            <numerusform>%n eventos de manipulación</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n alarm(s)</source>
        <translation>
            <numerusform>%n alarma</numerusform>
            <numerusform>%n alarmas</numerusform>
        </translation>
    </message>
    <message>
        <source>❚❚ Pause</source>
        <translation>❚❚ Pausa</translation>
    </message>
    <message>
        <source>Select the trip to report on in the table.</source>
        <translation>Seleccione en la tabla el viaje del informe.</translation>
    </message>
    <message>
        <source>Export {what}</source>
        <translation>Exportar {what}</translation>
    </message>
    <message>
        <source>Could not save: {error}</source>
        <translation>No se pudo guardar: {error}</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>Guardado en {path}</translation>
    </message>
    <message>
        <source>Select a trip (and be signed in) for the audit report.</source>
        <translation>Seleccione un viaje (con sesión iniciada) para el informe de auditoría.</translation>
    </message>
    <message>
        <source>The seal audit report failed: {error}</source>
        <translation>Falló el informe de auditoría de sello: {error}</translation>
    </message>
    <message>
        <source>The fleet is not loaded yet: no report.</source>
        <translation>La flotilla aún no está cargada: no hay informe.</translation>
    </message>
    <message>
        <source>Fetching the alarms&apos; records for the report…</source>
        <translation>Obteniendo los registros de las alarmas para el informe…</translation>
    </message>
    <message>
        <source>Could not fetch the alarms&apos; records: {error}</source>
        <translation>No se pudieron obtener los registros de las alarmas: {error}</translation>
    </message>
    <message>
        <source>Could not save the report: {error}</source>
        <translation>No se pudo guardar el informe: {error}</translation>
    </message>
    <message>
        <source>Saved the seal audit report to {path}</source>
        <translation>Informe de auditoría de sello guardado en {path}</translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <source>Offline actions damaged</source>
        <extracomment>Body keys that must never be written to disk; a bug that tries is refused loudly. The dispatcher who typed it (the only one it may be sent as). The damaged file this open set aside (and what it kept), or None.</extracomment>
        <translation>Acciones sin conexión dañadas</translation>
    </message>
    <message>
        <source>The file of actions typed offline was damaged and set aside as {aside}. {kept} actions were read from it and kept; any others could not be read and were NOT sent: check them.</source>
        <translation>El archivo de acciones capturadas sin conexión estaba dañado y se apartó como {aside}. Se leyeron y conservaron {kept} acciones; las demás no se pudieron leer y NO se enviaron: revíselas.</translation>
    </message>
    <message>
        <source>{count} actions typed offline could not be read and were set aside in {aside}; they were NOT sent: check them. {kept} actions were read and kept.</source>
        <translation>{count} acciones capturadas sin conexión no se pudieron leer y se apartaron en {aside}; NO se enviaron: revíselas. Se leyeron y conservaron {kept} acciones.</translation>
    </message>
    <message>
        <source>The file of actions typed offline was damaged and set aside as {aside}; all {kept} actions in it were read and kept.</source>
        <translation>El archivo de acciones capturadas sin conexión estaba dañado y se apartó como {aside}; se leyeron y conservaron sus {kept} acciones.</translation>
    </message>
    <message>
        <source>Unsent messages damaged</source>
        <extracomment>What a failed item says after a restart that interrupted its send. The damaged file this open set aside (and what it kept), or None.</extracomment>
        <translation>Mensajes sin enviar dañados</translation>
    </message>
    <message>
        <source>The file of messages and call records not yet sent was damaged and set aside as {aside}. {kept} were read from it and kept; any others could not be read and were NOT sent: check them.</source>
        <translation>El archivo de mensajes y registros de llamadas aún sin enviar estaba dañado y se apartó como {aside}. Se leyeron y conservaron {kept}; los demás no se pudieron leer y NO se enviaron: revíselos.</translation>
    </message>
    <message>
        <source>{count} messages or call records not yet sent could not be read and were set aside in {aside}; they were NOT sent: check them. {kept} were read and kept.</source>
        <translation>{count} mensajes o registros de llamadas aún sin enviar no se pudieron leer y se apartaron en {aside}; NO se enviaron: revíselos. Se leyeron y conservaron {kept}.</translation>
    </message>
    <message>
        <source>The file of messages and call records not yet sent was damaged and set aside as {aside}; all {kept} in it were read and kept.</source>
        <translation>El archivo de mensajes y registros de llamadas aún sin enviar estaba dañado y se apartó como {aside}; se leyeron y conservaron los {kept} que contenía.</translation>
    </message>
    <message>
        <source>Local journal damaged</source>
        <extracomment>2 added ``rejected`` and ``set_aside`` (CREATE ... IF NOT EXISTS: version 1 files just gain them, their events and base kept). Most queued operations committed in one transaction. Keep at most this many events (the newest by seq). And none older than this, judged by the event&apos;s own ts against the local clock. &quot;all&quot;: drop every event (server reset); &quot;through&quot;: drop seq &lt;= seq; None: keep events. Rows (events and rejected) handed to the writer / written by it: their difference is what is still queued, counted by set_aside_events() without waiting for the writer.</extracomment>
        <translation>Bitácora local dañada</translation>
    </message>
    <message>
        <source>The local journal was damaged and set aside as {aside}; the fleet is reloaded from the server; nothing the server holds is lost.</source>
        <translation>La bitácora local estaba dañada y se apartó como {aside}; la flotilla se recarga desde el servidor; no se pierde nada de lo que guarda el servidor.</translation>
    </message>
</context>
<context>
    <name>KeepNoteDialog</name>
    <message>
        <source>A colleague acted first — {trailer}</source>
        <translation>Un compañero actuó primero — {trailer}</translation>
    </message>
    <message>
        <source>Add it as a note</source>
        <translation>Agregarlo como nota</translation>
    </message>
    <message>
        <source>What you had typed:</source>
        <translation>Lo que había escrito:</translation>
    </message>
</context>
<context>
    <name>Lifecycle</name>
    <message>
        <source>{problem} — using the built-in action plans.</source>
        <extracomment>The operator&apos;s log (the end-to-end tests read it too). Building and warming up a large fleet (``--history-hours``) takes a while. Closing must end the process within 5 s even with the stream at full rate: the session gets this long to shut down (a websocket close handshake can wait 10 s), then the run ends anyway. A shutdown still running after this long is cancelled once more. On Python 3.11 the stream loop&apos;s ``asyncio.wait_for(ws.recv(), ...)`` loses a cancellation that lands as a frame arrives, and the stream then carries on; the session&apos;s shutdown awaits it, so cancelling the shutdown cancels the stream again. The embedded cloud gets this long after SIGTERM to checkpoint and exit before SIGKILL; it stops while the session shuts down, not after.</extracomment>
        <translation>{problem} — se usan los planes de acción integrados.</translation>
    </message>
    <message>
        <source>{problem} — using the built-in message templates.</source>
        <translation>{problem} — se usan las plantillas de mensaje integradas.</translation>
    </message>
    <message>
        <source>Starting the embedded demo cloud…</source>
        <translation>Iniciando la nube de demostración integrada…</translation>
    </message>
    <message>
        <source>The embedded demo cloud did not start: {error}</source>
        <translation>La nube de demostración integrada no inició: {error}</translation>
    </message>
    <message>
        <source>Embedded demo cloud on {url}</source>
        <translation>Nube de demostración integrada en {url}</translation>
    </message>
    <message>
        <source>{carrier} — {user}</source>
        <translation>{carrier} — {user}</translation>
    </message>
    <message>
        <source>Internal error: {error}</source>
        <translation>Error interno: {error}</translation>
    </message>
    <message>
        <source>The embedded cloud stopped (exit code {code}).</source>
        <translation>La nube integrada se detuvo (código de salida {code}).</translation>
    </message>
</context>
<context>
    <name>Link</name>
    <message>
        <source>Live</source>
        <extracomment>The connection state&apos;s colour in the status bar, from the palette in force when read. Never the only cue: its word is shown too. The connection state&apos;s shape in a legend (the status bar says its word after a dot). The connection state&apos;s word; the two that last are said with since when (connection_label).</extracomment>
        <translation>En vivo</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Conectando</translation>
    </message>
    <message>
        <source>Reconnecting</source>
        <translation>Reconectando</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <source>Signed out</source>
        <translation>Sesión cerrada</translation>
    </message>
    <message>
        <source>● Reconnecting since {clock}</source>
        <translation>● Reconectando desde las {clock}</translation>
    </message>
    <message>
        <source>● Offline since {clock}</source>
        <translation>● Sin conexión desde las {clock}</translation>
    </message>
    <message>
        <source>● {state}</source>
        <translation>● {state}</translation>
    </message>
    <message>
        <source>NOT LIVE since {clock}</source>
        <translation>SIN DATOS EN VIVO desde las {clock}</translation>
    </message>
</context>
<context>
    <name>LinkDiagnostics</name>
    <message>
        <source>Critical</source>
        <extracomment>A notice&apos;s colour: the alarms&apos; red and amber for critical and warning, the fleet&apos;s blue for information. Never the only cue: the severity&apos;s word (and the bar&apos;s icon) go with it.</extracomment>
        <translation>Crítico</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>Advertencia</translation>
    </message>
    <message>
        <source>Information</source>
        <translation>Información</translation>
    </message>
    <message>
        <source>Live stream</source>
        <extracomment>Where a rejected event was met (RejectedEvent.source).</extracomment>
        <translation>Flujo en vivo</translation>
    </message>
    <message>
        <source>Gap backfill</source>
        <translation>Relleno de huecos</translation>
    </message>
    <message>
        <source>Local journal</source>
        <translation>Bitácora local</translation>
    </message>
    <message>
        <source>Time</source>
        <extracomment>Column titles, translated when a view asks for them.</extracomment>
        <translation>Hora</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Gravedad</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Qué pasó</translation>
    </message>
    <message>
        <source>Seq</source>
        <translation>Sec.</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Why it was set aside</source>
        <translation>Por qué se apartó</translation>
    </message>
    <message>
        <source>Met in</source>
        <translation>Detectado en</translation>
    </message>
    <message>
        <source>The event&apos;s place in the cloud&apos;s log; the console stepped over it and carried on with the next one.</source>
        <translation>La posición del evento en la bitácora de la nube; la consola lo omitió y siguió con el siguiente.</translation>
    </message>
    <message>
        <source>—</source>
        <extracomment>The row&apos;s record itself (a Notice or a RejectedEvent). When it happened, POSIX seconds. A notice&apos;s Severity (notices only). A rejected event&apos;s text as it arrived (rejected events only).</extracomment>
        <translation>—</translation>
    </message>
</context>
<context>
    <name>LinkStatus</name>
    <message>
        <source>Events from the cloud&apos;s log this console could not read. It stepped over them so the stream kept coming; click to see them.</source>
        <translation>Eventos de la bitácora de la nube que esta consola no pudo leer. Los omitió para que el flujo siguiera llegando; haga clic para verlos.</translation>
    </message>
    <message>
        <source>1 event set aside</source>
        <translation>1 evento apartado</translation>
    </message>
    <message>
        <source>{count} events set aside</source>
        <translation>{count} eventos apartados</translation>
    </message>
    <message>
        <source>Positions: 1 per {seconds} s per trailer</source>
        <translation>Posiciones: 1 cada {seconds} s por remolque</translation>
    </message>
    <message>
        <source>This console cannot draw every position fix of a fleet this size right now, so it asks the cloud for at most one fix per trailer every {seconds} s (the latest). Alarms, lock and seal events are never thinned. It returns to every fix by itself when it can keep up.</source>
        <translation>Por ahora esta consola no puede dibujar todas las posiciones de una flotilla de este tamaño, así que le pide a la nube como máximo una posición por remolque cada {seconds} s (la más reciente). Las alarmas y los eventos de candado y sello nunca se reducen. Vuelve sola a todas las posiciones cuando puede mantener el ritmo.</translation>
    </message>
    <message>
        <source> — retrying in {seconds} s</source>
        <translation> — reintento en {seconds} s</translation>
    </message>
    <message>
        <source>Lag {seconds} s</source>
        <translation>Retraso {seconds} s</translation>
    </message>
    <message>
        <source>Lag —</source>
        <translation>Retraso —</translation>
    </message>
    <message>
        <source>{rate} updates/s</source>
        <translation>{rate} actualizaciones/s</translation>
    </message>
    <message>
        <source>{trailers} trailers · {alarms} open alarms</source>
        <translation>remolques: {trailers} · alarmas abiertas: {alarms}</translation>
    </message>
    <message>
        <source>Cloud log sequence {seq}</source>
        <translation>Secuencia de la bitácora de la nube {seq}</translation>
    </message>
    <message>
        <source>frames {frames}, events {events}, duplicates dropped {duplicates}, malformed {malformed}, gaps backfilled {gaps}, reconnects {reconnects}, resyncs {resyncs}, dead links {dead_links}</source>
        <translation>tramas {frames}, eventos {events}, duplicados descartados {duplicates}, mal formados {malformed}, huecos rellenados {gaps}, reconexiones {reconnects}, resincronizaciones {resyncs}, enlaces caídos {dead_links}</translation>
    </message>
</context>
<context>
    <name>LockDetailPanel</name>
    <message>
        <source>Trailer</source>
        <extracomment>The seal&apos;s health is judged over the last this-many seconds of loaded samples. A GPS fix younger than this is &quot;good&quot;; older than models.STALE_AFTER_S it is &quot;stale&quot;. Health line per severity: (glyph, text colour, background). The verdict word is always shown. The form&apos;s rows, by their (English) key in :attr:`LockDetailPanel.fields`; shown translated.</extracomment>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Lock / seal</source>
        <translation>Candado / sello</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Candado</translation>
    </message>
    <message>
        <source>Shackle</source>
        <translation>Arco</translation>
    </message>
    <message>
        <source>Battery</source>
        <translation>Batería</translation>
    </message>
    <message>
        <source>GPS</source>
        <translation>GPS</translation>
    </message>
    <message>
        <source>Last contact</source>
        <translation>Último contacto</translation>
    </message>
    <message>
        <source>Trip</source>
        <translation>Viaje</translation>
    </message>
    <message>
        <source>Open alarms</source>
        <translation>Alarmas abiertas</translation>
    </message>
    <message>
        <source>closed</source>
        <extracomment>Fields that take the whole width (long texts); the others go in two columns.</extracomment>
        <translation>cerrado</translation>
    </message>
    <message>
        <source>released (unlocked)</source>
        <translation>liberado (desbloqueado)</translation>
    </message>
    <message>
        <source>OPEN — forced</source>
        <translation>ABIERTO — forzado</translation>
    </message>
    <message>
        <source>{field}:</source>
        <translation>{field}:</translation>
    </message>
    <message>
        <source>Acknowledge alarm…</source>
        <translation>Reconocer alarma…</translation>
    </message>
    <message>
        <source>Acknowledge this trailer&apos;s most urgent open alarm</source>
        <translation>Reconocer la alarma abierta más urgente de este remolque</translation>
    </message>
    <message>
        <source>Lock and signal</source>
        <translation>Candado y señal</translation>
    </message>
    <message>
        <source>Seal custody</source>
        <translation>Custodia del sello</translation>
    </message>
    <message>
        <source>Not signed in: live samples only</source>
        <translation>Sin sesión iniciada: solo muestras en vivo</translation>
    </message>
    <message>
        <source>Select a trailer in the fleet table or on the map.</source>
        <translation>Seleccione un remolque en la tabla de la flotilla o en el mapa.</translation>
    </message>
    <message>
        <source>{trailer}: not in the fleet (yet)</source>
        <translation>{trailer}: no está en la flotilla (todavía)</translation>
    </message>
    <message>
        <source>app online</source>
        <translation>app en línea</translation>
    </message>
    <message>
        <source>app OFFLINE</source>
        <translation>app FUERA DE LÍNEA</translation>
    </message>
    <message>
        <source>no driver assigned</source>
        <translation>sin operador asignado</translation>
    </message>
    <message>
        <source>(low)</source>
        <translation>(baja)</translation>
    </message>
    <message>
        <source>{age} ago ({clock})</source>
        <translation>hace {age} ({clock})</translation>
    </message>
    <message>
        <source>{priority} · {alarm} at {clock}: {detail}</source>
        <translation>{priority} · {alarm} a las {clock}: {detail}</translation>
    </message>
    <message>
        <source>(acknowledged by {who})</source>
        <translation>(reconocida por {who})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>{glyph} Seal: {verdict}</source>
        <translation>{glyph} Sello: {verdict}</translation>
    </message>
    <message>
        <source>no fix yet</source>
        <translation>aún sin posición</translation>
    </message>
    <message>
        <source>LOST — no fix yet</source>
        <translation>PERDIDO — aún sin posición</translation>
    </message>
    <message>
        <source>LOST — last fix {age} ago, {where}</source>
        <translation>PERDIDO — última posición hace {age}, {where}</translation>
    </message>
    <message>
        <source>fix good, {age} old — {where}</source>
        <translation>posición buena, de hace {age} — {where}</translation>
    </message>
    <message>
        <source>fix old, {age} old — {where}</source>
        <translation>posición vieja, de hace {age} — {where}</translation>
    </message>
    <message>
        <source>fix STALE, {age} old — {where}</source>
        <translation>posición OBSOLETA, de hace {age} — {where}</translation>
    </message>
    <message>
        <source>no trip planned</source>
        <translation>sin viaje planeado</translation>
    </message>
    <message>
        <source>arrived {clock}</source>
        <translation>llegó {clock}</translation>
    </message>
    <message>
        <source>departed {clock}</source>
        <translation>salió {clock}</translation>
    </message>
    <message>
        <source>departs from {clock}</source>
        <translation>sale a partir de {clock}</translation>
    </message>
    <message>
        <source>OVERDUE (planned by {clock})</source>
        <translation>RETRASADO (planeado para {clock})</translation>
    </message>
    <message>
        <source>ETA by {clock} (planned)</source>
        <translation>ETA {clock} (planeada)</translation>
    </message>
</context>
<context>
    <name>LockTimeline</name>
    <message>
        <source>Locked</source>
        <extracomment>Unique and stable: &quot;seq:&lt;n&gt;&quot; for logged events, &quot;msg:&lt;id&gt;&quot; for driver messages. The glyph&apos;s kind (the widget maps it to a symbol and colour), e.g. &quot;fiber_cut&quot;. A few words: &quot;Fiber seal cut&quot; (translated when the entry was made). More lines of plain text (who, note, level, ...); may be empty. Shown bigger: cuts, forced entry, critical alarms. A lock state&apos;s event, in the words of a timeline title (a forced shackle is said so).</extracomment>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Desbloqueado</translation>
    </message>
    <message>
        <source>Shackle forced open</source>
        <translation>Arco abierto a la fuerza</translation>
    </message>
    <message>
        <source>driver app</source>
        <extracomment>Who operated the lock, as the cloud reports it (&quot;unknown&quot; for a forced opening).</extracomment>
        <translation>app del operador</translation>
    </message>
    <message>
        <source>key</source>
        <translation>llave</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>desconocido</translation>
    </message>
    <message>
        <source>sent</source>
        <extracomment>A message to the driver&apos;s latest status, in brackets after its title.</extracomment>
        <translation>enviado</translation>
    </message>
    <message>
        <source>delivered</source>
        <translation>entregado</translation>
    </message>
    <message>
        <source>read</source>
        <translation>leído</translation>
    </message>
    <message>
        <source>reply</source>
        <translation>respuesta</translation>
    </message>
    <message>
        <source>Trip planned: {origin} → {destination}</source>
        <extracomment>A trip&apos;s phase, one whole title each so a translation can reorder it.</extracomment>
        <translation>Viaje planeado: {origin} → {destination}</translation>
    </message>
    <message>
        <source>Trip departed: {origin} → {destination}</source>
        <translation>Salida del viaje: {origin} → {destination}</translation>
    </message>
    <message>
        <source>Trip arrived: {origin} → {destination}</source>
        <translation>Llegada del viaje: {origin} → {destination}</translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation>despacho</translation>
    </message>
    <message>
        <source>Alarm {alarm}</source>
        <translation>Alarma {alarm}</translation>
    </message>
    <message>
        <source>Note: {note}</source>
        <translation>Nota: {note}</translation>
    </message>
    <message>
        <source>Alarm {alarm} at {when}</source>
        <translation>Alarma {alarm} el {when}</translation>
    </message>
    <message>
        <source>Driver app online</source>
        <translation>App del operador en línea</translation>
    </message>
    <message>
        <source>Driver app offline</source>
        <translation>App del operador fuera de línea</translation>
    </message>
    <message>
        <source>Driver {driver}</source>
        <translation>Operador {driver}</translation>
    </message>
    <message>
        <source>From {state} · by {actor}</source>
        <translation>Desde {state} · por {actor}</translation>
    </message>
    <message>
        <source>Seal level {level} dBm</source>
        <translation>Nivel del sello {level} dBm</translation>
    </message>
    <message>
        <source>{priority} alarm: {alarm}</source>
        <translation>Alarma {priority}: {alarm}</translation>
    </message>
    <message>
        <source>Alarm repeated (×{count})</source>
        <translation>Alarma repetida (×{count})</translation>
    </message>
    <message>
        <source>Acknowledged by {who}</source>
        <translation>Reconocida por {who}</translation>
    </message>
    <message>
        <source>Resolved by {who}: {outcome}</source>
        <translation>Resuelta por {who}: {outcome}</translation>
    </message>
    <message>
        <source>Step done by {who}</source>
        <translation>Paso hecho por {who}</translation>
    </message>
    <message>
        <source>Step undone by {who}</source>
        <translation>Paso desmarcado por {who}</translation>
    </message>
    <message>
        <source>Escalated to level {level}</source>
        <translation>Escalada al nivel {level}</translation>
    </message>
    <message>
        <source>Seen by {who}</source>
        <translation>Vista por {who}</translation>
    </message>
    <message>
        <source>Trip {trip}</source>
        <translation>Viaje {trip}</translation>
    </message>
    <message>
        <source>Entered {place}</source>
        <translation>Entró a {place}</translation>
    </message>
    <message>
        <source>Left {place}</source>
        <translation>Salió de {place}</translation>
    </message>
    <message>
        <source>Geofence {geofence}</source>
        <translation>Geocerca {geofence}</translation>
    </message>
    <message>
        <source>Last known position</source>
        <translation>Última posición conocida</translation>
    </message>
    <message>
        <source>GPS fix lost</source>
        <translation>Se perdió la posición GPS</translation>
    </message>
    <message>
        <source>GPS fix regained</source>
        <translation>Se recuperó la posición GPS</translation>
    </message>
    <message>
        <source>Lock battery low ({pct} %)</source>
        <translation>Batería del candado baja ({pct} %)</translation>
    </message>
    <message>
        <source>Driver called by {who}: {outcome}</source>
        <translation>{who} llamó al operador: {outcome}</translation>
    </message>
    <message>
        <source>Message to driver from {who} ({status})</source>
        <translation>Mensaje de {who} al operador ({status})</translation>
    </message>
    <message>
        <source>Message from driver</source>
        <translation>Mensaje del operador</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>OpticalLock Dispatcher</source>
        <extracomment>The bottom panels&apos; height (alarm queue, unlock requests, lock and seal, trip history). How short a bottom dock may be made (an empty alarm queue&apos;s one line). The signed-in dispatcher&apos;s typed cloud API (None: signed out).</extracomment>
        <translation>OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>The map is not shown in this window.</source>
        <translation>El mapa no se muestra en esta ventana.</translation>
    </message>
    <message>
        <source>The map is in its own window (View ▸ Map in its own window).</source>
        <translation>El mapa está en su propia ventana (Ver ▸ Mapa en ventana propia).</translation>
    </message>
    <message>
        <source>Fleet map</source>
        <translation>Mapa de la flotilla</translation>
    </message>
    <message>
        <source>Map of the fleet: each trailer at its last position, coloured and shaped by its state, with geofences and the selected trailer&apos;s trip</source>
        <translation>Mapa de la flotilla: cada remolque en su última posición, con el color y la forma de su estado, con las geocercas y el viaje del remolque seleccionado</translation>
    </message>
    <message>
        <source>Search trailers</source>
        <translation>Buscar remolques</translation>
    </message>
    <message>
        <source>Fleet</source>
        <translation>Flotilla</translation>
    </message>
    <message>
        <source>Every trailer: its state, speed, fiber seal level, driver, lock, last GPS fix, battery and trip</source>
        <translation>Todos los remolques: estado, velocidad, nivel del sello de fibra, operador, candado, última posición GPS, batería y viaje</translation>
    </message>
    <message>
        <source>Alarm queue</source>
        <translation>Cola de alarmas</translation>
    </message>
    <message>
        <source>Trailer detail</source>
        <translation>Detalle del remolque</translation>
    </message>
    <message>
        <source>Lock &amp;&amp; seal signal</source>
        <translation>Señal de candado &amp;&amp; sello</translation>
    </message>
    <message>
        <source>Trip history</source>
        <translation>Historial de viajes</translation>
    </message>
    <message>
        <source>Unlock requests</source>
        <translation>Solicitudes de desbloqueo</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarma</translation>
    </message>
    <message>
        <source>Drivers</source>
        <translation>Operadores</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <extracomment>The layout as built, for View ▸ Reset layout. The map in a window of its own (View ▸ Map in its own window), or None. False until the side docks were sized for the window shown (not needed when a saved layout gave their sizes).</extracomment>
        <translation>&amp;Sesión</translation>
    </message>
    <message>
        <source>Shift &amp;handover report…</source>
        <translation>&amp;Informe de entrega de turno…</translation>
    </message>
    <message>
        <source>Link &amp;diagnostics…</source>
        <translation>&amp;Diagnóstico del enlace…</translation>
    </message>
    <message>
        <source>Sign &amp;out</source>
        <translation>C&amp;errar sesión</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Alarms</source>
        <translation>&amp;Alarmas</translation>
    </message>
    <message>
        <source>&amp;Unlock requests</source>
        <translation>Solicitudes de &amp;desbloqueo</translation>
    </message>
    <message>
        <source>Alarm &amp;statistics…</source>
        <translation>&amp;Estadísticas de alarmas…</translation>
    </message>
    <message>
        <source>Alarm &amp;policies and call lists…</source>
        <translation>Po&amp;líticas de alarma y listas de llamadas…</translation>
    </message>
    <message>
        <source>Action pla&amp;ns…</source>
        <translation>Planes de a&amp;cción…</translation>
    </message>
    <message>
        <source>Seal &amp;maintenance work orders…</source>
        <translation>Órdenes de &amp;mantenimiento de sellos…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Lock and seal signal of the selected trailer</source>
        <translation>Señal de &amp;candado y sello del remolque seleccionado</translation>
    </message>
    <message>
        <source>Trip &amp;history of the selected trailer…</source>
        <translation>&amp;Historial de viajes del remolque seleccionado…</translation>
    </message>
    <message>
        <source>F&amp;ollow selected trailer</source>
        <translation>&amp;Seguir al remolque seleccionado</translation>
    </message>
    <message>
        <source>Fit &amp;fleet on map</source>
        <translation>&amp;Ajustar la flotilla al mapa</translation>
    </message>
    <message>
        <source>Online map &amp;tiles (OpenStreetMap)</source>
        <translation>&amp;Mosaicos de mapa en línea (OpenStreetMap)</translation>
    </message>
    <message>
        <source>Loads street map tiles from the internet; off by default. The offline basemap stays underneath.</source>
        <translation>Carga mosaicos de mapa de calles desde internet; desactivado por omisión. El mapa base sin conexión queda debajo.</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;Automatic (dark at night)</source>
        <translation>&amp;Automático (oscuro de noche)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Claro</translation>
    </message>
    <message>
        <source>&amp;Dark (night)</source>
        <translation>&amp;Oscuro (noche)</translation>
    </message>
    <message>
        <source>&amp;Map in its own window</source>
        <translation>Mapa en &amp;ventana propia</translation>
    </message>
    <message>
        <source>F&amp;ull screen (the map&apos;s window if apart)</source>
        <translation>&amp;Pantalla completa (la ventana del mapa si está aparte)</translation>
    </message>
    <message>
        <source>&amp;Reset layout</source>
        <translation>&amp;Restablecer disposición</translation>
    </message>
    <message>
        <source>&amp;Find trailer</source>
        <translation>&amp;Buscar remolque</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Atajos de teclado</translation>
    </message>
    <message>
        <source>&amp;About OpticalLock Dispatcher</source>
        <translation>Acerca &amp;de OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Unlock requests ({count})</source>
        <translation>Solicitudes de desbloqueo ({count})</translation>
    </message>
    <message>
        <source>{title} — {user}</source>
        <translation>{title} — {user}</translation>
    </message>
    <message>
        <source>({count}) {title}</source>
        <translation>({count}) {title}</translation>
    </message>
    <message>
        <source>OpticalLock map</source>
        <translation>Mapa de OpticalLock</translation>
    </message>
</context>
<context>
    <name>MaintenanceView</name>
    <message>
        <source>Seal maintenance — OpticalLock Dispatcher</source>
        <translation>Mantenimiento de sellos — OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Seals whose fiber level sags 3 to 10 dB below their own baseline, most urgent first (projected days until 10 dB at the trend of the last {days} days).</source>
        <translation>Sellos cuyo nivel de fibra cae de 3 a 10 dB por debajo de su propia línea base, los más urgentes primero (días proyectados hasta 10 dB según la tendencia de los últimos {days} días).</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Export work orders…</source>
        <translation>Exportar órdenes de trabajo…</translation>
    </message>
    <message>
        <source>Reading the sagging seals&apos; fiber history…</source>
        <translation>Leyendo el historial de fibra de los sellos con caída…</translation>
    </message>
    <message>
        <source>The maintenance list could not be built: {error}</source>
        <translation>No se pudo armar la lista de mantenimiento: {error}</translation>
    </message>
    <message>
        <source>{count} seals need a maintenance visit.</source>
        <translation>Sellos que necesitan una visita de mantenimiento: {count}.</translation>
    </message>
    <message>
        <source>No seal sags 3 dB or more below its baseline.</source>
        <translation>Ningún sello cae 3 dB o más por debajo de su línea base.</translation>
    </message>
    <message>
        <source>Export work orders</source>
        <translation>Exportar órdenes de trabajo</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>No se pudo escribir {path}: {error}</translation>
    </message>
    <message>
        <source>Work orders written to {path}</source>
        <translation>Órdenes de trabajo escritas en {path}</translation>
    </message>
</context>
<context>
    <name>MapPage</name>
    <message>
        <source>Fit fleet</source>
        <extracomment>Key (as in core.js STRINGS) -&gt; English source. ``{name}`` placeholders are filled by the page.</extracomment>
        <translation>Ajustar flotilla</translation>
    </message>
    <message>
        <source>Zoom to show every trailer</source>
        <translation>Acercar o alejar para ver todos los remolques</translation>
    </message>
    <message>
        <source>Follow selected</source>
        <translation>Seguir seleccionado</translation>
    </message>
    <message>
        <source>Keep the selected trailer in the centre</source>
        <translation>Mantener el remolque seleccionado en el centro</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Capas</translation>
    </message>
    <message>
        <source>Show or hide the map layers</source>
        <translation>Mostrar u ocultar las capas del mapa</translation>
    </message>
    <message>
        <source>Trailers</source>
        <translation>Remolques</translation>
    </message>
    <message>
        <source>Geofences</source>
        <translation>Geocercas</translation>
    </message>
    <message>
        <source>Basemap</source>
        <translation>Mapa base</translation>
    </message>
    <message>
        <source>City labels</source>
        <translation>Nombres de ciudades</translation>
    </message>
    <message>
        <source>No city data on this machine</source>
        <translation>No hay datos de ciudades en este equipo</translation>
    </message>
    <message>
        <source>Online tiles</source>
        <translation>Mosaicos en línea</translation>
    </message>
    <message>
        <source>Trip history</source>
        <translation>Historial de viajes</translation>
    </message>
    <message>
        <source>Legend</source>
        <translation>Leyenda</translation>
    </message>
    <message>
        <source>Selected</source>
        <translation>Seleccionado</translation>
    </message>
    <message>
        <source>Group: count, click to zoom</source>
        <translation>Grupo: cantidad, clic para acercar</translation>
    </message>
    <message>
        <source>Group with alarms</source>
        <translation>Grupo con alarmas</translation>
    </message>
    <message>
        <source>Terminal</source>
        <translation>Terminal</translation>
    </message>
    <message>
        <source>Customer site</source>
        <translation>Sitio del cliente</translation>
    </message>
    <message>
        <source>Border crossing</source>
        <translation>Cruce fronterizo</translation>
    </message>
    <message>
        <source>Trip destination</source>
        <translation>Destino del viaje</translation>
    </message>
    <message>
        <source>{count} trailers</source>
        <translation>{count} remolques</translation>
    </message>
    <message>
        <source>{count} in alarm</source>
        <translation>{count} en alarma</translation>
    </message>
    <message>
        <source>Click to zoom in</source>
        <translation>Clic para acercar</translation>
    </message>
    <message>
        <source>Show the details</source>
        <translation>Mostrar los detalles</translation>
    </message>
    <message>
        <source>Fold the card</source>
        <translation>Plegar la tarjeta</translation>
    </message>
    <message>
        <source>Close the card (the trailer stays selected)</source>
        <translation>Cerrar la tarjeta (el remolque sigue seleccionado)</translation>
    </message>
    <message>
        <source>Acknowledge…</source>
        <translation>Reconocer…</translation>
    </message>
    <message>
        <source>Acknowledge this alarm (opens the console&apos;s dialog)</source>
        <translation>Reconocer esta alarma (abre el diálogo de la consola)</translation>
    </message>
    <message>
        <source>Message driver…</source>
        <translation>Mensaje al operador…</translation>
    </message>
    <message>
        <source>Call driver…</source>
        <translation>Llamar al operador…</translation>
    </message>
    <message>
        <source>Show or hide the speed colours</source>
        <translation>Mostrar u ocultar los colores de velocidad</translation>
    </message>
    <message>
        <source>Stopped or crawling, &lt; 5 km/h</source>
        <translation>Detenido o muy lento, &lt; 5 km/h</translation>
    </message>
    <message>
        <source>Slow, 5–40 km/h</source>
        <translation>Lento, 5–40 km/h</translation>
    </message>
    <message>
        <source>Medium, 40–70 km/h</source>
        <translation>Medio, 40–70 km/h</translation>
    </message>
    <message>
        <source>Fast, 70 km/h and more</source>
        <translation>Rápido, 70 km/h o más</translation>
    </message>
    <message>
        <source>No fix for 15 min or more</source>
        <translation>Sin posición durante 15 min o más</translation>
    </message>
    <message>
        <source>Start of the period</source>
        <translation>Inicio del periodo</translation>
    </message>
    <message>
        <source>End of the period</source>
        <translation>Fin del periodo</translation>
    </message>
    <message>
        <source>Stop, with its duration</source>
        <translation>Parada, con su duración</translation>
    </message>
    <message>
        <source>Alarm</source>
        <translation>Alarma</translation>
    </message>
    <message>
        <source>Tamper</source>
        <translation>Manipulación</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Desbloqueado</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Geofence</source>
        <translation>Geocerca</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Evento</translation>
    </message>
    <message>
        <source>Event (other)</source>
        <translation>Evento (otro)</translation>
    </message>
    <message>
        <source>Replay position</source>
        <translation>Posición de la reproducción</translation>
    </message>
    <message>
        <source>Click to replay from here</source>
        <translation>Clic para reproducir desde aquí</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Parada</translation>
    </message>
    <message>
        <source>Stop · {duration}</source>
        <translation>Parada · {duration}</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <source>☎ Call by {who}: {outcome}</source>
        <extracomment>A bubble takes at most this share of the thread&apos;s width, as chat apps do.</extracomment>
        <translation>☎ Llamada de {who}: {outcome}</translation>
    </message>
    <message>
        <source>dispatch</source>
        <translation>despacho</translation>
    </message>
    <message>
        <source>about alarm {id}</source>
        <translation>sobre la alarma {id}</translation>
    </message>
    <message>
        <source>Not sent.</source>
        <translation>No enviado.</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <source>Remove it: it was never sent</source>
        <translation>Quitarlo: nunca se envió</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Reintentar</translation>
    </message>
    <message>
        <source>Send it again (the cloud never sends it twice)</source>
        <translation>Enviarlo de nuevo (la nube nunca lo envía dos veces)</translation>
    </message>
</context>
<context>
    <name>Messenger</name>
    <message>
        <source>Not signed in.</source>
        <extracomment>A failed call record is tried again this often (and whenever the client goes live). A message from the driver. A call whose outcome the cloud has on record. Call records the cloud refused (4xx): retried only when the dispatcher asks.</extracomment>
        <translation>Sin sesión iniciada.</translation>
    </message>
    <message>
        <source>Conversation with {driver} unavailable: {error}</source>
        <translation>Conversación con {driver} no disponible: {error}</translation>
    </message>
    <message>
        <source>the console&apos;s network loop is not running (a bug)</source>
        <translation>el ciclo de red de la consola no está corriendo (un error del programa)</translation>
    </message>
    <message>
        <source>The message is empty.</source>
        <translation>El mensaje está vacío.</translation>
    </message>
    <message>
        <source>The message is {length} characters long; the limit is {limit}.</source>
        <translation>El mensaje tiene {length} caracteres; el límite es {limit}.</translation>
    </message>
    <message>
        <source>Not sent: the console&apos;s network loop is not running (a bug).</source>
        <translation>No enviado: el ciclo de red de la consola no está corriendo (un error del programa).</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mensaje</translation>
    </message>
    <message>
        <source>Call record</source>
        <translation>Registro de llamada</translation>
    </message>
    <message>
        <source>{what} not sent: not signed in.</source>
        <translation>{what} no enviado: sin sesión iniciada.</translation>
    </message>
    <message>
        <source>{what} refused: {count} invalid field(s).</source>
        <translation>{what} rechazado: {count} campo(s) no válido(s).</translation>
    </message>
    <message>
        <source>{what} not sent: not signed in ({error}).</source>
        <translation>{what} no enviado: sin sesión iniciada ({error}).</translation>
    </message>
    <message>
        <source>{what} not confirmed: {error}</source>
        <translation>{what} sin confirmar: {error}</translation>
    </message>
    <message>
        <source>{what} not sent: {error}</source>
        <translation>{what} no enviado: {error}</translation>
    </message>
    <message>
        <source>{what} refused by the cloud: {error}</source>
        <translation>{what} rechazado por la nube: {error}</translation>
    </message>
    <message>
        <source>No driver {driver} in the fleet.</source>
        <translation>No existe el operador {driver} en la flotilla.</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Link notice</source>
        <extracomment>How long information and warnings stay on the bar by themselves (ms); critical ones stay.</extracomment>
        <translation>Aviso del enlace</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>Detalles…</translation>
    </message>
    <message>
        <source>Open the link diagnostics: every notice, and the events the link set aside</source>
        <translation>Abrir el diagnóstico del enlace: todos los avisos y los eventos que el enlace apartó</translation>
    </message>
    <message>
        <source>Close this notice</source>
        <translation>Cerrar este aviso</translation>
    </message>
    <message>
        <source>(+{count} more)</source>
        <translation>(+{count} más)</translation>
    </message>
    <message>
        <source>{severity}: {title}. {text}</source>
        <translation>{severity}: {title}. {text}</translation>
    </message>
</context>
<context>
    <name>OverviewPanel</name>
    <message>
        <source>{count} {status}</source>
        <extracomment>Counts without their words: the map column is narrower than the words need.</extracomment>
        <translation>{count} {status}</translation>
    </message>
    <message>
        <source>&lt;b style=&apos;font-size:16px&apos;&gt;{count}&lt;/b&gt;&amp;nbsp; {status}</source>
        <translation>&lt;b style=&apos;font-size:16px&apos;&gt;{count}&lt;/b&gt;&amp;nbsp; {status}</translation>
    </message>
</context>
<context>
    <name>PlansDialog</name>
    <message>
        <source>Action plans</source>
        <translation>Planes de acción</translation>
    </message>
    <message>
        <source>What the checklist is headed with</source>
        <translation>El encabezado de la lista de verificación</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>Título:</translation>
    </message>
    <message>
        <source>Written for a quiet alarm (used as it is, the rule for quiet alarms is not applied)</source>
        <translation>Escrito para una alarma silenciosa (se usa tal cual; no se aplica la regla de alarmas silenciosas)</translation>
    </message>
    <message>
        <source>Left out of every plan for a quiet alarm (they contact the driver), by step id:</source>
        <translation>Se omiten de todo plan para una alarma silenciosa (contactan al operador), por id de paso:</translation>
    </message>
    <message>
        <source>Hint for the chosen step (shown on hover):</source>
        <translation>Sugerencia para el paso elegido (se muestra al pasar el puntero):</translation>
    </message>
    <message>
        <source>Add step</source>
        <translation>Agregar paso</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <source>Discard my edits</source>
        <translation>Descartar mis cambios</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>Steps done first for every quiet alarm, before the plan&apos;s own:</source>
        <translation>Pasos que se hacen primero en toda alarma silenciosa, antes de los del plan:</translation>
    </message>
    <message>
        <source>Steps, in the order the dispatcher works through them:</source>
        <translation>Pasos, en el orden en que el despachador los atiende:</translation>
    </message>
    <message>
        <source>Step {row}: {problem}</source>
        <translation>Paso {row}: {problem}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saved as version {n}.</source>
        <translation>Guardado como versión {n}.</translation>
    </message>
</context>
<context>
    <name>PoliciesDialog</name>
    <message>
        <source>Alarm policies and call lists</source>
        <extracomment>The units the acknowledge-within time is typed in, in seconds.</extracomment>
        <translation>Políticas de alarma y listas de llamadas</translation>
    </message>
    <message>
        <source>Acknowledge within:</source>
        <translation>Reconocer dentro de:</translation>
    </message>
    <message>
        <source>Not acknowledged by then, the alarm escalates and the call list below is walked.</source>
        <translation>Si no se reconoce para entonces, la alarma escala y se recorre la lista de llamadas de abajo.</translation>
    </message>
    <message>
        <source>Quiet alarm (covert)</source>
        <translation>Alarma silenciosa (encubierta)</translation>
    </message>
    <message>
        <source>The driver may be under duress: the console never suggests messaging the driver first, shows a discreet banner, and the plan calls security.</source>
        <translation>El operador podría estar bajo coacción: la consola nunca sugiere escribirle primero al operador, muestra un aviso discreto y el plan llama a seguridad.</translation>
    </message>
    <message>
        <source>Call list — reached in this order, each after its delay, while nobody has acknowledged:</source>
        <translation>Lista de llamadas — se contacta en este orden, cada uno tras su demora, mientras nadie haya reconocido:</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Agregar</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Quitar</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Subir</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Bajar</translation>
    </message>
    <message>
        <source>Discard my edits</source>
        <translation>Descartar mis cambios</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Guardar</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>segundos</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>minutos</translation>
    </message>
    <message>
        <source>hours</source>
        <translation>horas</translation>
    </message>
    <message>
        <source>Row {row}, {column}: {problem}</source>
        <translation>Fila {row}, {column}: {problem}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>Guardando…</translation>
    </message>
    <message>
        <source>Saved as version {n}.</source>
        <translation>Guardado como versión {n}.</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>The server URL must start with https:// (or http://)</source>
        <translation>La URL del servidor debe empezar con https:// (o http://)</translation>
    </message>
    <message>
        <source>The server URL has a port that is not a number from 0 to 65535</source>
        <translation>La URL del servidor tiene un puerto que no es un número del 0 al 65535</translation>
    </message>
    <message>
        <source>The server URL has no host name</source>
        <translation>La URL del servidor no tiene nombre de host</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>Preference pages</source>
        <translation>Páginas de preferencias</translation>
    </message>
    <message>
        <source>&amp;Connection</source>
        <translation>&amp;Conexión</translation>
    </message>
    <message>
        <source>Cloud &amp;server URL:</source>
        <translation>URL del &amp;servidor en la nube:</translation>
    </message>
    <message>
        <source>The cloud this console signs in to next time; empty: the embedded demo cloud</source>
        <translation>La nube en la que esta consola inicia sesión la próxima vez; vacío: la nube de demostración integrada</translation>
    </message>
    <message>
        <source>Load street tiles from the internet</source>
        <translation>Cargar mosaicos de calles desde internet</translation>
    </message>
    <message>
        <source>Online map &amp;tiles:</source>
        <translation>&amp;Mosaicos de mapa en línea:</translation>
    </message>
    <message>
        <source>OpenStreetMap tiles over the offline basemap; off by default</source>
        <translation>Mosaicos de OpenStreetMap sobre el mapa base sin conexión; desactivado por omisión</translation>
    </message>
    <message>
        <source>&amp;Alarms</source>
        <translation>&amp;Alarmas</translation>
    </message>
    <message>
        <source>Play a sound for new and escalated alarms</source>
        <translation>Reproducir un sonido con alarmas nuevas y escaladas</translation>
    </message>
    <message>
        <source>Alarm s&amp;ounds:</source>
        <translation>&amp;Sonidos de alarma:</translation>
    </message>
    <message>
        <source>&amp;Volume:</source>
        <translation>&amp;Volumen:</translation>
    </message>
    <message>
        <source>0 % means no alarm is heard: the window then says so</source>
        <translation>0 % significa que no se oye ninguna alarma: la ventana lo indica</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>&amp;Escalate unacknowledged after:</source>
        <translation>&amp;Escalar sin reconocer después de:</translation>
    </message>
    <message>
        <source>A critical alarm nobody acknowledged escalates after this long, then again after each further interval</source>
        <translation>Una alarma crítica que nadie reconoció escala tras este tiempo, y de nuevo tras cada intervalo adicional</translation>
    </message>
    <message>
        <source>Trailer is &amp;stale without a fix for:</source>
        <translation>Remolque &amp;desactualizado sin posición durante:</translation>
    </message>
    <message>
        <source>&amp;Display</source>
        <translation>&amp;Pantalla</translation>
    </message>
    <message>
        <source>Kilometres (km, km/h)</source>
        <translation>Kilómetros (km, km/h)</translation>
    </message>
    <message>
        <source>Miles (mi, mph)</source>
        <translation>Millas (mi, mph)</translation>
    </message>
    <message>
        <source>&amp;Units:</source>
        <translation>&amp;Unidades:</translation>
    </message>
    <message>
        <source>The computer&apos;s time zone</source>
        <translation>La zona horaria de la computadora</translation>
    </message>
    <message>
        <source>&amp;Time zone:</source>
        <translation>&amp;Zona horaria:</translation>
    </message>
    <message>
        <source>Every time the alarms show is in this zone, with its name</source>
        <translation>Todas las horas de las alarmas se muestran en esta zona, con su nombre</translation>
    </message>
    <message>
        <source>The computer&apos;s language</source>
        <translation>El idioma de la computadora</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Idioma:</translation>
    </message>
    <message>
        <source>Automatic (light by day, dark by night)</source>
        <translation>Automático (claro de día, oscuro de noche)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Claro</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Oscuro</translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation>&amp;Tema:</translation>
    </message>
    <message>
        <source>&amp;Font size:</source>
        <translation>Tamaño de &amp;letra:</translation>
    </message>
    <message>
        <source>In percent of the system&apos;s font size</source>
        <translation>En porcentaje del tamaño de letra del sistema</translation>
    </message>
    <message>
        <source>D&amp;rivers</source>
        <translation>&amp;Operadores</translation>
    </message>
    <message>
        <source>&amp;Softphone call URL:</source>
        <translation>URL de llamada del &amp;softphone:</translation>
    </message>
    <message>
        <source>tel:{phone} uses the desktop&apos;s phone handler; a softphone&apos;s URL takes {phone} (+16195550142) or {digits} (16195550142)</source>
        <translation>tel:{phone} usa el manejador de teléfono del escritorio; la URL de un softphone acepta {phone} (+16195550142) o {digits} (16195550142)</translation>
    </message>
    <message>
        <source>Problem with {field}</source>
        <translation>Problema con {field}</translation>
    </message>
    <message>
        <source>A value on this page cannot be used</source>
        <translation>Un valor de esta página no se puede usar</translation>
    </message>
</context>
<context>
    <name>RefuseDialog</name>
    <message>
        <source>Refuse unlock — {trailer}</source>
        <translation>Rechazar desbloqueo — {trailer}</translation>
    </message>
    <message>
        <source>Why may the driver not unlock? (required, e.g. &apos;Not at the consignee: wait for the dispatcher&apos;s call&apos;)</source>
        <translation>¿Por qué no puede desbloquear el operador? (obligatorio, p. ej. &apos;No está con el destinatario: espere la llamada del despachador&apos;)</translation>
    </message>
    <message>
        <source>Refuse unlock</source>
        <translation>Rechazar desbloqueo</translation>
    </message>
    <message>
        <source>Reason:</source>
        <translation>Motivo:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Cerrar</translation>
    </message>
</context>
<context>
    <name>RequestSummary</name>
    <message>
        <source>Unlock request</source>
        <extracomment>The widest a column of the requests&apos; table grows to fit its contents (a long place is elided, whole in its tooltip): eight columns share a bottom dock. The code&apos;s size on screen: read out on the phone, so big and spaced.</extracomment>
        <translation>Solicitud de desbloqueo</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Geofence</source>
        <translation>Geocerca</translation>
    </message>
    <message>
        <source>Planned destination</source>
        <translation>Destino planeado</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Asked at</source>
        <translation>Solicitada a las</translation>
    </message>
</context>
<context>
    <name>ResolveDialog</name>
    <message>
        <source>Resolve alarm — {trailer}</source>
        <translation>Resolver alarma — {trailer}</translation>
    </message>
    <message>
        <source>Choose an outcome…</source>
        <translation>Elija un resultado…</translation>
    </message>
    <message>
        <source>What happened, who confirmed it, reference numbers…</source>
        <translation>Qué pasó, quién lo confirmó, números de referencia…</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Resolver</translation>
    </message>
    <message>
        <source>Outcome:</source>
        <translation>Resultado:</translation>
    </message>
    <message>
        <source>Note:</source>
        <translation>Nota:</translation>
    </message>
    <message>
        <source>One reason for all of them</source>
        <extracomment>step id → its reason field.</extracomment>
        <translation>Un solo motivo para todos</translation>
    </message>
    <message>
        <source>Why none of these steps was done</source>
        <translation>Por qué no se hizo ninguno de estos pasos</translation>
    </message>
    <message>
        <source>Steps not done ({n}): say why</source>
        <translation>Pasos no realizados ({n}): indique por qué</translation>
    </message>
    <message>
        <source>Why it was not done</source>
        <translation>Por qué no se hizo</translation>
    </message>
    <message>
        <source>Say why the {n} open steps were not done (at least {min} characters).</source>
        <translation>Indique por qué no se hicieron los {n} pasos pendientes (al menos {min} caracteres).</translation>
    </message>
    <message>
        <source>Say why each open step was not done; missing: {steps}.</source>
        <translation>Indique por qué no se hizo cada paso pendiente; faltan: {steps}.</translation>
    </message>
    <message>
        <source>Choose the outcome that closes this alarm.</source>
        <translation>Elija el resultado que cierra esta alarma.</translation>
    </message>
    <message>
        <source>“Other” needs a note saying what happened.</source>
        <translation>“Otro” requiere una nota que diga qué pasó.</translation>
    </message>
</context>
<context>
    <name>Seal</name>
    <message>
        <source>Healthy</source>
        <extracomment>The verdict&apos;s headline word, always shown (colour is never the only cue).</extracomment>
        <translation>Sano</translation>
    </message>
    <message>
        <source>Slow attenuation</source>
        <translation>Atenuación lenta</translation>
    </message>
    <message>
        <source>CUT OR TAMPERED</source>
        <translation>CORTADO O MANIPULADO</translation>
    </message>
    <message>
        <source>No signal</source>
        <translation>Sin señal</translation>
    </message>
    <message>
        <source>Lock</source>
        <extracomment>(symbol, text role, background role) per severity. A severity&apos;s symbol, text colour and background, one table for every verdict banner. The lock timeline&apos;s lanes, top to bottom.</extracomment>
        <translation>Candado</translation>
    </message>
    <message>
        <source>Seal / fiber</source>
        <translation>Sello / fibra</translation>
    </message>
    <message>
        <source>Alarms &amp; actions</source>
        <translation>Alarmas y acciones</translation>
    </message>
    <message>
        <source>Geofence / trip</source>
        <translation>Geocerca / viaje</translation>
    </message>
    <message>
        <source>Comms / GPS</source>
        <translation>Comunicación / GPS</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} s</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} min</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} h</translation>
    </message>
    <message>
        <source>{n} days</source>
        <translation>{n} días</translation>
    </message>
    <message>
        <source>{level} dBm, {drop} dB below its baseline {baseline} dBm</source>
        <translation>{level} dBm, {drop} dB por debajo de su línea base de {baseline} dBm</translation>
    </message>
    <message>
        <source>{level} dBm, {drop} dB above its baseline {baseline} dBm</source>
        <translation>{level} dBm, {drop} dB por encima de su línea base de {baseline} dBm</translation>
    </message>
    <message>
        <source>Critical: treat as tampering until the seal is checked.</source>
        <translation>Crítico: trátelo como manipulación hasta revisar el sello.</translation>
    </message>
    <message>
        <source>No fiber readings received from this lock yet.</source>
        <translation>Aún no se reciben lecturas de fibra de este candado.</translation>
    </message>
    <message>
        <source>No reading for {silence}: the lock is not reporting. Last level {level} dBm at {when}.</source>
        <translation>Sin lectura desde hace {silence}: el candado no está reportando. Último nivel {level} dBm el {when}.</translation>
    </message>
    <message>
        <source>Sudden drop of {step} dB at {when} — no light passes the seal loop: it was cut or opened. Now {where}.</source>
        <translation>Caída repentina de {step} dB el {when} — no pasa luz por el lazo del sello: lo cortaron o lo abrieron. Ahora {where}.</translation>
    </message>
    <message>
        <source>Sudden drop of {step} dB at {when} — the fiber was cut, pinched or tampered with. Now {where}.</source>
        <translation>Caída repentina de {step} dB el {when} — la fibra fue cortada, prensada o manipulada. Ahora {where}.</translation>
    </message>
    <message>
        <source>No light passes the seal loop ({where}) since at least {when}: cut or opened.</source>
        <translation>No pasa luz por el lazo del sello ({where}) desde por lo menos {when}: cortado o abierto.</translation>
    </message>
    <message>
        <source>Seal signal healthy: {where}.</source>
        <translation>Señal del sello sana: {where}.</translation>
    </message>
    <message>
        <source>It recovered after a sudden drop at {when} (seal replaced?).</source>
        <translation>Se recuperó después de una caída repentina el {when} (¿se reemplazó el sello?).</translation>
    </message>
    <message>
        <source>Slightly low: keep an eye on it.</source>
        <translation>Un poco baja: vigílela.</translation>
    </message>
    <message>
        <source>lost over {span}</source>
        <translation>perdidos en {span}</translation>
    </message>
    <message>
        <source>already this low {span} ago</source>
        <translation>ya estaba así de baja hace {span}</translation>
    </message>
    <message>
        <source>{how} (still losing {rate} dB/day)</source>
        <translation>{how} (sigue perdiendo {rate} dB/día)</translation>
    </message>
    <message>
        <source>Slow attenuation: {where}, {how}, with no sudden drop. Connector dirty or worn: schedule cleaning.</source>
        <translation>Atenuación lenta: {where}, {how}, sin caída repentina. Conector sucio o desgastado: programe la limpieza.</translation>
    </message>
    <message>
        <source>The seal is close to passing no light: replace the connector or seal soon.</source>
        <translation>El sello está a punto de no dejar pasar luz: reemplace pronto el conector o el sello.</translation>
    </message>
</context>
<context>
    <name>SealCustody</name>
    <message>
        <source>The cloud has no record of seal {number}.</source>
        <translation>La nube no tiene registro del sello {number}.</translation>
    </message>
    <message>
        <source>Not signed in: the seal&apos;s custody chain cannot be loaded.</source>
        <translation>Sin sesión iniciada: no se puede cargar la cadena de custodia del sello.</translation>
    </message>
    <message>
        <source>The custody chain of seal {number} could not be loaded: {error}</source>
        <translation>No se pudo cargar la cadena de custodia del sello {number}: {error}</translation>
    </message>
    <message>
        <source>The cloud refused the custody chain of seal {number}: {error}</source>
        <translation>La nube rechazó la cadena de custodia del sello {number}: {error}</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Cuándo</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Qué</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Quién</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>Hora local</translation>
    </message>
</context>
<context>
    <name>SealCustodyView</name>
    <message>
        <source>Seal custody chain</source>
        <translation>Cadena de custodia del sello</translation>
    </message>
    <message>
        <source>The fitted seal&apos;s custody: issued, applied, checked, removed, replaced or tampered, with when, who and where</source>
        <translation>La custodia del sello colocado: emitido, colocado, verificado, retirado, reemplazado o manipulado, con cuándo, quién y dónde</translation>
    </message>
    <message>
        <source>No seal</source>
        <translation>Sin sello</translation>
    </message>
    <message>
        <source>Select a trailer to see its seal&apos;s custody chain.</source>
        <translation>Seleccione un remolque para ver la cadena de custodia de su sello.</translation>
    </message>
    <message>
        <source>Seal {number}</source>
        <translation>Sello {number}</translation>
    </message>
    <message>
        <source>Not signed in: the custody chain is not loaded.</source>
        <translation>Sin sesión iniciada: la cadena de custodia no está cargada.</translation>
    </message>
    <message>
        <source>Loading the custody chain…</source>
        <translation>Cargando la cadena de custodia…</translation>
    </message>
    <message>
        <source>Seal {number} · {iso_class} · {manufacturer} · {state}</source>
        <translation>Sello {number} · {iso_class} · {manufacturer} · {state}</translation>
    </message>
    <message>
        <source>{count} link(s) in the custody chain, oldest first; times are local.</source>
        <translation>{count} eslabón(es) en la cadena de custodia, el más antiguo primero; horas locales.</translation>
    </message>
    <message>
        <source>No custody events recorded for this seal.</source>
        <translation>No hay eventos de custodia registrados para este sello.</translation>
    </message>
</context>
<context>
    <name>SealLedger</name>
    <message>
        <source>Waiting</source>
        <extracomment>&quot;Outside any geofence&quot; (an unlock asked where it should not be): WARNING_COLOR; an unauthorised removal or a tampered seal: DANGER_COLOR; a request approved and waiting to be used, a seal link that is as it should be: GOOD_COLOR. Never the only cue, the words say it too. Each is the palette&apos;s colour in force when read (console/palette.py).</extracomment>
        <translation>En espera</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Aprobada</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>Rechazada</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>Usada</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Vencida</translation>
    </message>
    <message>
        <source>ISO 17712 class I (indicative)</source>
        <translation>ISO 17712 clase I (indicativo)</translation>
    </message>
    <message>
        <source>ISO 17712 class S (security)</source>
        <translation>ISO 17712 clase S (seguridad)</translation>
    </message>
    <message>
        <source>ISO 17712 class H (high security)</source>
        <translation>ISO 17712 clase H (alta seguridad)</translation>
    </message>
    <message>
        <source>in stock</source>
        <translation>en inventario</translation>
    </message>
    <message>
        <source>issued</source>
        <translation>emitido</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>colocado</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>retirado</translation>
    </message>
    <message>
        <source>TAMPERED</source>
        <translation>MANIPULADO</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Emitido</translation>
    </message>
    <message>
        <source>Applied</source>
        <translation>Colocado</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Verificado</translation>
    </message>
    <message>
        <source>Removed</source>
        <translation>Retirado</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>Reemplazado</translation>
    </message>
    <message>
        <source>driver</source>
        <translation>operador</translation>
    </message>
    <message>
        <source>dispatcher</source>
        <translation>despachador</translation>
    </message>
    <message>
        <source>customs (CBP)</source>
        <translation>aduana (CBP)</translation>
    </message>
    <message>
        <source>terminal</source>
        <translation>terminal</translation>
    </message>
    <message>
        <source>lock</source>
        <translation>candado</translation>
    </message>
    <message>
        <source>carrier</source>
        <translation>transportista</translation>
    </message>
</context>
<context>
    <name>SealMaintenance</name>
    <message>
        <source>Clean connector</source>
        <extracomment>Days of readings fetched per sagging lock for its trend. Locks whose readings are fetched at once. Readings per ``GET /locks/{id}/fiber`` page (the cloud&apos;s largest).</extracomment>
        <translation>Limpiar conector</translation>
    </message>
    <message>
        <source>Replace seal</source>
        <translation>Reemplazar sello</translation>
    </message>
    <message>
        <source>Lock</source>
        <extracomment>The row&apos;s WorkOrder.</extracomment>
        <translation>Candado</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Seal number</source>
        <translation>Número de sello</translation>
    </message>
    <message>
        <source>Sag (dB)</source>
        <translation>Caída (dB)</translation>
    </message>
    <message>
        <source>Trend (dB/day)</source>
        <translation>Tendencia (dB/día)</translation>
    </message>
    <message>
        <source>Days to 10 dB</source>
        <translation>Días para 10 dB</translation>
    </message>
    <message>
        <source>Suggested action</source>
        <translation>Acción sugerida</translation>
    </message>
    <message>
        <source>How far the level is below the seal&apos;s baseline</source>
        <translation>Qué tanto está el nivel por debajo de la línea base del sello</translation>
    </message>
    <message>
        <source>dB lost per day, fitted over the last days&apos; readings</source>
        <translation>dB perdidos por día, ajustados sobre las lecturas de los últimos días</translation>
    </message>
    <message>
        <source>Days until the sag reaches 10 dB at this trend (the seal then reads as cut)</source>
        <translation>Días hasta que la caída llegue a 10 dB con esta tendencia (entonces el sello se lee como cortado)</translation>
    </message>
</context>
<context>
    <name>ShortcutsOverlay</name>
    <message>
        <source>Other</source>
        <translation>Otros</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Type to filter: an action, a menu or a key</source>
        <translation>Escriba para filtrar: una acción, un menú o una tecla</translation>
    </message>
    <message>
        <source>Filter shortcuts</source>
        <translation>Filtrar atajos</translation>
    </message>
    <message>
        <source>&amp;Search:</source>
        <translation>&amp;Buscar:</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Acción</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>{name} (not available now)</source>
        <translation>{name} (no disponible ahora)</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <source>Sign in — OpticalLock Dispatcher</source>
        <translation>Iniciar sesión — OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Remember me on this computer</source>
        <translation>Recordarme en esta computadora</translation>
    </message>
    <message>
        <source>Certificate authorities file</source>
        <translation>Archivo de autoridades certificadoras</translation>
    </message>
    <message>
        <source>The system&apos;s trusted authorities</source>
        <translation>Las autoridades de confianza del sistema</translation>
    </message>
    <message>
        <source>A PEM file of your organisation&apos;s certificate authority, if the cloud&apos;s certificate is signed by it; leave empty to trust the system&apos;s authorities only.</source>
        <translation>Un archivo PEM de la autoridad certificadora de su organización, si firma el certificado de la nube; déjelo vacío para confiar solo en las autoridades del sistema.</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>Servidor</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Usuario</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>CA bundle</source>
        <translation>Paquete de CA</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Iniciar sesión</translation>
    </message>
    <message>
        <source>OpticalLock Dispatcher Console</source>
        <translation>Consola OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation>Iniciando sesión…</translation>
    </message>
    <message>
        <source>The server address must start with http:// or https://</source>
        <translation>La dirección del servidor debe empezar con http:// o https://</translation>
    </message>
    <message>
        <source>Enter your user name and password.</source>
        <translation>Escriba su usuario y contraseña.</translation>
    </message>
    <message>
        <source>The connection to {host} is not encrypted: passwords and alarms travel in clear text.</source>
        <translation>La conexión con {host} no está cifrada: las contraseñas y alarmas viajan en texto plano.</translation>
    </message>
    <message>
        <source>Choose the CA bundle</source>
        <translation>Elegir el paquete de CA</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>Certificados (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Todos los archivos (*)</translation>
    </message>
</context>
<context>
    <name>SoundOffIndicator</name>
    <message>
        <source>Alarm sound off — {reason}</source>
        <translation>Sonido de alarma apagado — {reason}</translation>
    </message>
    <message>
        <source>Sound off</source>
        <translation>Sonido apagado</translation>
    </message>
    <message>
        <source>New alarms will not be heard: {reason}. They are still shown and notified.</source>
        <translation>Las alarmas nuevas no se oirán: {reason}. Se siguen mostrando y notificando.</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <source>Alarm statistics — OpticalLock Dispatcher</source>
        <extracomment>The period chooser&apos;s entries, in order.</extracomment>
        <translation>Estadísticas de alarmas — OpticalLock Dispatcher</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Hoy</translation>
    </message>
    <message>
        <source>This week</source>
        <translation>Esta semana</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Últimos 7 días</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Personalizado…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Actualizar</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>Exportar CSV…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>Exportar PDF…</translation>
    </message>
    <message>
        <source>Period:</source>
        <translation>Periodo:</translation>
    </message>
    <message>
        <source>from</source>
        <translation>de</translation>
    </message>
    <message>
        <source>to</source>
        <translation>a</translation>
    </message>
    <message>
        <source>Reading the cloud&apos;s record…</source>
        <translation>Leyendo el registro de la nube…</translation>
    </message>
    <message>
        <source>The statistics could not be read: {error}</source>
        <translation>No se pudieron leer las estadísticas: {error}</translation>
    </message>
    <message>
        <source>Alarms raised {period}</source>
        <translation>Alarmas activadas {period}</translation>
    </message>
    <message>
        <source>{count} alarms · {open} open · acknowledged in {ack_median} min (median), {ack_p90} min (p90) · resolved in {resolve_median} min (median), {resolve_p90} min (p90)</source>
        <translation>alarmas: {count} · abiertas: {open} · reconocidas en {ack_median} min (mediana), {ack_p90} min (p90) · resueltas en {resolve_median} min (mediana), {resolve_p90} min (p90)</translation>
    </message>
    <message>
        <source>Median and p90 by nearest rank; times from the alarm being raised.</source>
        <translation>Mediana y p90 por rango más cercano; tiempos desde que se activó la alarma.</translation>
    </message>
    <message>
        <source>Export CSV</source>
        <translation>Exportar CSV</translation>
    </message>
    <message>
        <source>Export PDF</source>
        <translation>Exportar PDF</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>PDF files (*.pdf)</source>
        <translation>Archivos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Could not write {path}: {error}</source>
        <translation>No se pudo escribir {path}: {error}</translation>
    </message>
    <message>
        <source>Written to {path}</source>
        <translation>Escrito en {path}</translation>
    </message>
</context>
<context>
    <name>Times</name>
    <message>
        <source>{name} is not a time zone (e.g. America/Chicago, UTC)</source>
        <translation>{name} no es una zona horaria (p. ej. America/Mexico_City, UTC)</translation>
    </message>
</context>
<context>
    <name>TripTable</name>
    <message>
        <source>Trip</source>
        <extracomment>Column titles, translated when a view asks for them.</extracomment>
        <translation>Viaje</translation>
    </message>
    <message>
        <source>From → to</source>
        <translation>Origen → destino</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bloqueado</translation>
    </message>
    <message>
        <source>Unlocked</source>
        <translation>Desbloqueado</translation>
    </message>
    <message>
        <source>Distance</source>
        <translation>Distancia</translation>
    </message>
    <message>
        <source>Driving</source>
        <translation>Manejo</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Detenido</translation>
    </message>
    <message>
        <source>Unlocks</source>
        <translation>Desbloqueos</translation>
    </message>
    <message>
        <source>Tamper</source>
        <translation>Manipulación</translation>
    </message>
    <message>
        <source>Alarms</source>
        <translation>Alarmas</translation>
    </message>
    <message>
        <source>NOT AUTHORISED</source>
        <translation>NO AUTORIZADO</translation>
    </message>
    <message>
        <source>not the planned destination</source>
        <translation>no es el destino planeado</translation>
    </message>
    <message>
        <source>{n} (under way)</source>
        <translation>{n} (en curso)</translation>
    </message>
    <message>
        <source>{n} ({bad} unauthorised)</source>
        <translation>{n} ({bad} no autorizados)</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>{n} mph</source>
        <extracomment>Kilometres in a statute mile. The units this module knows: &quot;km&quot; (km, km/h) and &quot;mi&quot; (mi, mph).</extracomment>
        <translation>{n} mph</translation>
    </message>
    <message>
        <source>{n} km/h</source>
        <translation>{n} km/h</translation>
    </message>
    <message>
        <source>{n} mi</source>
        <translation>{n} mi</translation>
    </message>
    <message>
        <source>{n} km</source>
        <translation>{n} km</translation>
    </message>
    <message>
        <source>mi</source>
        <translation>mi</translation>
    </message>
    <message>
        <source>km</source>
        <translation>km</translation>
    </message>
</context>
<context>
    <name>UnlockPanel</name>
    <message>
        <source>Approve…</source>
        <translation>Aprobar…</translation>
    </message>
    <message>
        <source>Refuse…</source>
        <translation>Rechazar…</translation>
    </message>
    <message>
        <source>Unlock requests</source>
        <translation>Solicitudes de desbloqueo</translation>
    </message>
    <message>
        <source>Drivers&apos; requests to unlock, waiting for a decision or decided: trailer, driver, place and time</source>
        <translation>Solicitudes de desbloqueo de los operadores, en espera de decisión o ya decididas: remolque, operador, lugar y hora</translation>
    </message>
    <message>
        <source>Unlock of {trailer} approved: code {code}</source>
        <translation>Desbloqueo de {trailer} aprobado: código {code}</translation>
    </message>
    <message>
        <source>Unlock of {trailer} refused.</source>
        <translation>Desbloqueo de {trailer} rechazado.</translation>
    </message>
    <message>
        <source>{waiting} waiting for a decision · {approved} approved, not used yet</source>
        <translation>en espera de decisión: {waiting} · aprobadas sin usar: {approved}</translation>
    </message>
    <message>
        <source>No unlock requests.</source>
        <translation>No hay solicitudes de desbloqueo.</translation>
    </message>
    <message>
        <source>Show code…</source>
        <translation>Mostrar código…</translation>
    </message>
</context>
<context>
    <name>UnlockRequestModel</name>
    <message>
        <source>Approved until {clock}</source>
        <translation>Aprobada hasta las {clock}</translation>
    </message>
    <message>
        <source>{clock} ({age} ago)</source>
        <translation>{clock} (hace {age})</translation>
    </message>
</context>
<context>
    <name>UnlockRequests</name>
    <message>
        <source>State</source>
        <extracomment>The &quot;waiting since&quot; column counts this often. The request&apos;s state as its wire value (&quot;pending&quot;, &quot;approved&quot;). True when the trailer was in no geofence when the driver asked.</extracomment>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Trailer</source>
        <translation>Remolque</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Operador</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Ubicación</translation>
    </message>
    <message>
        <source>Geofence</source>
        <translation>Geocerca</translation>
    </message>
    <message>
        <source>Planned destination</source>
        <translation>Destino planeado</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Motivo</translation>
    </message>
    <message>
        <source>Waiting since</source>
        <translation>En espera desde</translation>
    </message>
    <message>
        <source>Distance and direction from the nearest city when the driver asked</source>
        <translation>Distancia y dirección desde la ciudad más cercana cuando el operador lo solicitó</translation>
    </message>
    <message>
        <source>The geofence the trailer was in when the driver asked</source>
        <translation>La geocerca en la que estaba el remolque cuando el operador lo solicitó</translation>
    </message>
    <message>
        <source>When the driver asked, and how long ago</source>
        <translation>Cuándo lo solicitó el operador, y hace cuánto</translation>
    </message>
</context>
<context>
    <name>Where</name>
    <message>
        <source>N</source>
        <comment>compass point</comment>
        <translation>N</translation>
    </message>
    <message>
        <source>NE</source>
        <comment>compass point</comment>
        <translation>NE</translation>
    </message>
    <message>
        <source>E</source>
        <comment>compass point</comment>
        <translation>E</translation>
    </message>
    <message>
        <source>SE</source>
        <comment>compass point</comment>
        <translation>SE</translation>
    </message>
    <message>
        <source>S</source>
        <comment>compass point</comment>
        <translation>S</translation>
    </message>
    <message>
        <source>SW</source>
        <comment>compass point</comment>
        <translation>SO</translation>
    </message>
    <message>
        <source>W</source>
        <comment>compass point</comment>
        <translation>O</translation>
    </message>
    <message>
        <source>NW</source>
        <comment>compass point</comment>
        <translation>NO</translation>
    </message>
    <message>
        <source>in {city}</source>
        <translation>en {city}</translation>
    </message>
    <message>
        <source>{km} km {direction} of {city}</source>
        <translation>a {km} km al {direction} de {city}</translation>
    </message>
</context>
<context>
    <name>window</name>
    <message>
        <source>Link notices</source>
        <translation>Avisos del enlace</translation>
    </message>
</context>
</TS>
