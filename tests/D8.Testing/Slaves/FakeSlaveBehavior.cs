namespace D8.Testing.Slaves;

/// <summary>How a <see cref="FakeSlave"/> endpoint reacts to a request.</summary>
public enum FakeSlaveBehavior
{
    /// <summary>Answer normally (the old Python slave's bodies).</summary>
    Answer,

    /// <summary>Accept the request and never answer (until the slave stops).</summary>
    Hang,

    /// <summary>Abort the connection without an answer (a reset).</summary>
    Abort,

    /// <summary>Answer 500 with an error body.</summary>
    Fail,
}
