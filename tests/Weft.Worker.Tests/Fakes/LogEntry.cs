using Microsoft.Extensions.Logging;

namespace Weft.Worker.Tests.Fakes;

public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);
