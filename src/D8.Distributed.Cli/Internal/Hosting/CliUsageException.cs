namespace D8.Distributed.Cli.Internal;

/// <summary>
/// A mistake on the command line found while a verb runs rather than while it is parsed (a bad <c>--master</c> URL):
/// one line naming it and exit code 2, without the verb's usage (the rest of the command line was fine).
/// </summary>
internal sealed class CliUsageException : Exception
{
    public CliUsageException()
    {
    }

    public CliUsageException(string message)
        : base(message)
    {
    }

    public CliUsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
