namespace D8.HumanRequests;

/// <summary>A field of a new request is invalid (empty title, priority outside 1–10, negative cost, …). The message
/// and <see cref="Field"/> (also <see cref="ArgumentException.ParamName"/>) name the field.</summary>
public sealed class HumanRequestValidationException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The invalid field, e.g. <c>Title</c>.</param>
    /// <param name="message">What is wrong; should name the field.</param>
    public HumanRequestValidationException(string field, string message)
        : base(message, field)
    {
        Field = field;
    }

    /// <summary>The invalid field, as named on <see cref="NewHumanRequest"/>, e.g. <c>Title</c> or <c>Priority</c>.</summary>
    public string Field { get; }
}
