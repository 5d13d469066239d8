namespace D8.HumanRequests.Tests.Support;

/// <summary>Stands for the process being killed at that point.</summary>
internal sealed class SimulatedCrashException : Exception
{
    public SimulatedCrashException()
        : base("simulated kill between temp file and rename")
    {
    }
}
