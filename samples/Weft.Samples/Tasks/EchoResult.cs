using System.ComponentModel;

namespace Weft.Samples.Tasks;

public sealed record EchoResult([property: Description("The message, as given.")] string Echo);
