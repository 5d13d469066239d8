namespace D8.Distributed.Cli.Tests.Infrastructure;

/// <summary>A writer that a running verb writes to from any thread while the test reads what it wrote so far.</summary>
public sealed class CapturedOutput : IDisposable
{
    private readonly StringWriter _text = new();

    public CapturedOutput() => Writer = TextWriter.Synchronized(_text);

    public TextWriter Writer { get; }

    // TextWriter.Synchronized's writer locks itself in every call, so taking the same lock gives a consistent read.
    public string Text
    {
        get
        {
            lock (Writer)
            {
                return _text.ToString();
            }
        }
    }

    public override string ToString() => Text;

    public void Dispose()
    {
        Writer.Dispose();
        _text.Dispose();
    }
}
