using Microsoft.Extensions.Logging;

namespace Weft.Worker.Tests.Fakes;

public sealed class RecordingLogger : ILogger
{
    public Recording<LogEntry> Entries { get; } = new();

    public Task<IReadOnlyList<LogEntry>> WaitForAsync(string messagePart, int count = 1) =>
        Entries.WaitForAsync(entry => entry.Message.Contains(messagePart, StringComparison.Ordinal), count);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Entries.Add(new LogEntry(logLevel, formatter(state, exception), exception));
}
