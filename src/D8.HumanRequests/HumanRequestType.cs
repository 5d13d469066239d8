namespace D8.HumanRequests;

/// <summary>
/// What kind of decision or action a human request asks for. The JSON store writes these as the snake_case names
/// of the old system (<c>payment</c>, <c>design_decision</c>, …); see <see cref="HumanRequestNames"/>.
/// </summary>
public enum HumanRequestType
{
    /// <summary>Something must be paid for (<c>payment</c>), e.g. a domain.</summary>
    Payment,

    /// <summary>A design must be chosen (<c>design_decision</c>).</summary>
    DesignDecision,

    /// <summary>An account with an external API must be opened (<c>api_account</c>).</summary>
    ApiAccount,

    /// <summary>Content must be approved before it is published (<c>content_approval</c>).</summary>
    ContentApproval,

    /// <summary>A strategic decision must be taken (<c>strategic_decision</c>).</summary>
    StrategicDecision,

    /// <summary>Anything else (<c>other</c>).</summary>
    Other,
}
