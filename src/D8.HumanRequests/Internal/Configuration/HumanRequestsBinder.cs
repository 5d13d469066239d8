using D8.Shared.Configuration;

namespace D8.HumanRequests.Internal;

/// <summary>
/// The strict binder of <see cref="D8HumanRequestsOptions"/>: request types and statuses are read with
/// <see cref="HumanRequestNames"/>, so a rule's <c>Type</c> takes the snake_case names the JSON file, the bot and the CLI
/// use (<c>design_decision</c>) as well as the enum names (<c>DesignDecision</c>).
/// </summary>
internal static class HumanRequestsBinder
{
    public static StrictConfigurationBinder Instance { get; } = StrictConfigurationBinder.Default
        .WithParser<HumanRequestType>(HumanRequestNames.TryParseType, OneOf(Enum.GetValues<HumanRequestType>().Select(type => type.ToWireName())))
        .WithParser<HumanRequestStatus>(HumanRequestNames.TryParseStatus, OneOf(Enum.GetValues<HumanRequestStatus>().Select(status => status.ToWireName())));

    private static string OneOf(IEnumerable<string> names) => "one of " + string.Join(", ", names);
}
