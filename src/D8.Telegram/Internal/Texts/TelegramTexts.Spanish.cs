using D8.Distributed.Core;
using D8.HumanRequests;

namespace D8.Telegram.Internal.Texts;

internal sealed partial class TelegramTexts
{
    /// <summary>The default language.</summary>
    public static TelegramTexts Spanish { get; } = new()
    {
        Code = "es",
        TypeName = type => type switch
        {
            HumanRequestType.Payment => "Pago",
            HumanRequestType.DesignDecision => "Diseño",
            HumanRequestType.ApiAccount => "Cuenta de API",
            HumanRequestType.ContentApproval => "Contenido",
            HumanRequestType.StrategicDecision => "Estrategia",
            _ => "Otro",
        },
        StatusName = SpanishStatus,
        PriorityHigh = "🔴 ALTA",
        PriorityMedium = "🟡 MEDIA",
        PriorityLow = "🟢 BAJA",
        HeaderNew = "Nueva solicitud",
        HeaderDueAgain = "Solicitud pendiente otra vez",
        HeaderAutoApproved = "Aprobada automáticamente (solo informativo)",
        HeaderDetails = "Solicitud",
        LabelPriority = "Prioridad",
        LabelCreatedBy = "Creada por",
        LabelEstimatedCost = "Coste estimado",
        LabelActualCost = "Coste real",
        LabelStatus = "Estado",
        LabelPostponedUntil = "Pospuesta hasta",
        LabelCreatedAt = "Creada el",
        LabelNotes = "Notas",
        LabelHistory = "Historial",
        LabelApprovedBy = "Aprobada por",
        Truncated = "… (recortado)",
        HintsPending = id => $"/aprobar {id} [nota]\n/rechazar {id} [motivo]\n/posponer {id} [30m|2h|1d] [nota]",
        HintsApproved = id => $"/completar {id} [$12.99] [nota]",
        ButtonApprove = "✅ Aprobar",
        ButtonChoose = option => "✅ " + option,
        LabelOptions = "Opciones",
        LabelChosenOption = "Opción elegida",
        CallbackChosen = option => $"✅ Aprobada con la opción {option}",
        ButtonReject = "❌ Rechazar",
        ButtonPostpone = "⏰ Posponer",
        DecidedApproved = (who, when) => $"✅ <b>Aprobada</b> por {who} · {when}",
        DecidedRejected = (who, when) => $"❌ <b>Rechazada</b> por {who} · {when}",
        DecidedPostponed = (who, until) => $"⏰ <b>Pospuesta</b> por {who} hasta {until}",
        ConfirmApproved = id => $"✅ Solicitud <code>{id}</code> aprobada.",
        ConfirmRejected = id => $"❌ Solicitud <code>{id}</code> rechazada.",
        ConfirmPostponed = (id, until) => $"⏰ Solicitud <code>{id}</code> pospuesta hasta {until}.",
        ConfirmCompleted = (id, cost) => cost is null
            ? $"🏁 Solicitud <code>{id}</code> completada."
            : $"🏁 Solicitud <code>{id}</code> completada. Coste real: {cost}.",
        ConfirmNote = note => $"📝 Nota: {note}",
        CallbackApproved = "✅ Aprobada",
        CallbackRejected = "❌ Rechazada",
        CallbackPostponed = "⏰ Pospuesta 1 día",
        ErrorUnknownId = id => $"❓ No existe la solicitud <code>{id}</code>. Usa /solicitudes para ver las pendientes.",
        ErrorMissingId = usage => $"⚠️ Falta el id de la solicitud. Uso: {usage}",
        ErrorAlready = (id, status) => $"⚠️ <code>{id}</code> ya está {status}.",
        ErrorCannot = (verb, id, status) => $"⚠️ No se puede {verb} <code>{id}</code>: está {status}.",
        ActionVerb = action => action switch
        {
            HumanRequestAction.Approve => "aprobar",
            HumanRequestAction.Reject => "rechazar",
            HumanRequestAction.Postpone => "posponer",
            HumanRequestAction.Complete => "completar",
            HumanRequestAction.Cancel => "cancelar",
            _ => "cambiar",
        },
        ErrorBadDuration = value => $"⚠️ No entiendo la duración «{value}». Usa por ejemplo 30m, 2h o 1d (máximo 365d).",
        ErrorBadAmount = value => $"⚠️ No entiendo el importe «{value}». Usa por ejemplo $12.99.",
        ErrorUnknownStatus = value => $"⚠️ Estado desconocido «{value}». Usa: pendientes, aprobadas, rechazadas, pospuestas, completadas, canceladas o todas.",
        ErrorUnknownCommand = command => $"❓ Comando desconocido: {command}. Usa /ayuda para ver los comandos.",
        ErrorNotACommand = "Escribe /ayuda para ver los comandos.",
        ErrorHandlerFailed = error => $"⚠️ Error al procesar el mensaje: {error}",
        Unauthorized = "⛔ No estás autorizado para usar este bot.",
        CallbackExpired = "Esta solicitud ya no existe.",
        ListHeader = (status, count) => status is null
            ? $"📋 <b>Todas las solicitudes</b> ({count}):"
            : $"📋 <b>Solicitudes {Plural(status.Value)}</b> ({count}):",
        ListEmpty = status => status is null ? "📭 No hay solicitudes." : $"📭 No hay solicitudes {Plural(status.Value)}.",
        ListContinued = "(continúa)",
        Help = """
            🤖 <b>Comandos</b>

            /solicitudes [estado] — lista las pendientes (o: aprobadas, rechazadas, pospuestas, completadas, canceladas, todas)
            /solicitud &lt;id&gt; — detalles de una solicitud
            /aprobar &lt;id&gt; [nota]
            /rechazar &lt;id&gt; [motivo]
            /posponer &lt;id&gt; [30m|2h|1d] [nota] — por defecto 1 día
            /completar &lt;id&gt; [$12.99] [nota]
            /cancelar &lt;id&gt; [motivo] — retira una solicitud pendiente, pospuesta o aprobada
            /gastos — gastos del mes frente a los presupuestos
            /slaves — estado de los esclavos
            /ayuda — esta ayuda

            En inglés también: /requests, /request, /approve, /reject, /postpone, /complete, /cancel, /spend, /help.
            """,
        UsageRequest = "/solicitud &lt;id&gt;",
        UsageApprove = "/aprobar &lt;id&gt; [nota]",
        UsageReject = "/rechazar &lt;id&gt; [motivo]",
        UsagePostpone = "/posponer &lt;id&gt; [30m|2h|1d] [nota]",
        UsageComplete = "/completar &lt;id&gt; [$12.99] [nota]",
        SlaveStatusName = status => status switch
        {
            SlaveStatus.Healthy => "sano",
            SlaveStatus.VersionMismatch => "versión distinta",
            SlaveStatus.Unhealthy => "caído",
            SlaveStatus.Draining => "drenando",
            _ => "sin comprobar",
        },
        SlavesHeader = count => $"🖥️ <b>Esclavos</b> ({count}):",
        SlavesEmpty = "🖥️ No hay esclavos registrados.",
        SlavesUnavailable = "🖥️ Este proceso no tiene el registro de esclavos (el máster no está configurado aquí).",
        LabelCommit = "commit",
        LabelLastContact = "último contacto",
        LabelError = "error",
        LabelDetail = "detalle",
        Never = "nunca",
        EventDown = "Esclavo caído",
        EventRecovered = "Esclavo recuperado",
        EventVersionMismatch = "Esclavo con otra versión",
        SpendHeader = month => $"💰 <b>Gastos de {month}</b>",
        SpendOverall = "Total",
        SpendLine = (name, spent, limit, percent, left) => limit is null
            ? $"• <b>{name}</b>: {spent}"
            : $"• <b>{name}</b>: {spent} de {limit} ({percent}) — quedan {left}",
        SpendNoBudgets = "No hay presupuestos configurados (D8:HumanRequests:Budgets).",
        BudgetAlert = (name, percent, month, spent, limit) => percent >= 100
            ? $"🚨 <b>Presupuesto agotado</b>: {name} al {percent} % en {month} ({spent} de {limit}). Las reglas ya no aprueban solas."
            : $"⚠️ <b>Presupuesto al {percent} %</b>: {name} en {month} ({spent} de {limit}).",
        BudgetAlertWith = (id, title) => $"Con {id}: {title}",
        HeaderExpiryReminder = left => $"⏰ Caduca en {left}",
        LabelExpiresAt = "Caduca",
        DecidedCancelled = (who, when) => $"🚫 <b>Cancelada</b> por {who} · {when}",
        DecidedCompleted = (who, when) => $"🏁 <b>Completada</b> por {who} · {when}",
        ConfirmCancelled = id => $"🚫 Solicitud <code>{id}</code> cancelada.",
        UsageCancel = "/cancelar &lt;id&gt; [motivo]",
    };

    private static string SpanishStatus(HumanRequestStatus status) => status switch
    {
        HumanRequestStatus.Pending => "pendiente",
        HumanRequestStatus.Approved => "aprobada",
        HumanRequestStatus.Rejected => "rechazada",
        HumanRequestStatus.Postponed => "pospuesta",
        HumanRequestStatus.Completed => "completada",
        _ => "cancelada",
    };

    private static string Plural(HumanRequestStatus status) => SpanishStatus(status) + "s";
}
