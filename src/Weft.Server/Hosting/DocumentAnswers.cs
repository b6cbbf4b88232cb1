using System.Text.Encodings.Web;
using System.Text.Json;
using Weft.Engine.Definitions;

namespace Weft.Server.Hosting;

/// <summary>
/// How answers that carry a definition or catalog tasks are written: in their document format (nulls left out), with
/// text escaped only where JSON needs it, as in the rest of the API (a warning's quotes stay ', not \u0027).
/// </summary>
internal static class DocumentAnswers
{
    public static readonly JsonSerializerOptions Options = new(DefinitionJson.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
