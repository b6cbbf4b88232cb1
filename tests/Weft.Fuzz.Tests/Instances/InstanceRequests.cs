using System.Text;
using Weft.Fuzz.Tests.Generators;
using Weft.Fuzz.Tests.Support;

namespace Weft.Fuzz.Tests.Instances;

/// <summary>Generated requests for the instance routes: start, get, list, history and cancel.</summary>
public static class InstanceRequests
{
    public const string Start = "/v1/instances";
    public const string List = "/v1/instances";
    public const string One = "/v1/instances/{id}";
    public const string History = "/v1/instances/{id}/history";
    public const string Cancel = "/v1/instances/{id}/cancel";

    /// <summary>A start of <paramref name="definitionId"/> (which has only version 1) with one thing wrong or odd.</summary>
    public static FuzzRequest StartInstance(FuzzRandom random, string definitionId)
    {
        var body = new JsonFields { { "definitionId", definitionId } };
        if (random.Chance(0.5))
        {
            body.Add("businessKey", $"bk-{random.Word()}");
        }

        if (random.Chance(0.5))
        {
            body.Add("variables", new JsonFields { { "orderId", 1 } });
        }

        string label;
        string? mustFail = null;
        switch (random.Between(0, 10))
        {
            case 0:
            case 1:
            case 2:
                (var variables, label) = HostileJson.Object(random);
                body.Set("variables", variables);
                label = $"variables: {label}";
                break;
            case 3:
                var notObject = random.Pick<object?>(new List<object?> { 1 }, "text", 5, true, null, new RawJson("[[[]]]"));
                body.Set("variables", notObject);
                label = $"variables is {Printable.Shorten(JsonText.Write(notObject), 20)}";
                mustFail = notObject is null ? null : "docs/api.md: variables that are not an object are a 400";
                break;
            case 4:
                (var id, label) = HostileStrings.Any(random);
                body.Set("definitionId", id);
                label = $"definitionId: {label}";
                mustFail = "no definition has this id (docs/api.md: 404, or 400 when it is blank)";
                break;
            case 5:
                var wrong = random.Pick<object?>(1, true, new JsonFields(), new List<object?> { definitionId });
                body.Set("definitionId", wrong);
                if (random.Chance(0.3))
                {
                    body.Remove("definitionId");
                }

                label = body.Get("definitionId") is null ? "definitionId missing" : $"definitionId of the wrong type {JsonText.Write(wrong)}";
                mustFail = "docs/api.md: a missing definitionId or a field of the wrong type is a 400";
                break;
            case 6:
                (var key, label) = HostileStrings.Any(random);
                body.Set("businessKey", key);
                label = $"businessKey: {label}";
                mustFail = key.Length > 256 ? "docs/api.md: businessKey is at most 256 characters" : null;
                break;
            case 7:
                var (text, numberLabel, notWhole) = random.PickFrom(HostileNumbers.ForIntFields);
                body.Set("version", new RawJson(text));
                label = $"version {numberLabel}";
                mustFail = notWhole ? "docs/api.md: a field of the wrong type is a 400" : text == "1" ? null : "the definition has only version 1 (docs/api.md: 404)";
                break;
            case 8:
                body.Add(random.Pick("definitionId", "variables", "extra", ""), random.Pick<object?>("nope", new JsonFields { { "b", 2 } }, 1));
                label = "a duplicate or unknown field";
                break;
            default:
                var (whole, wholeLabel, wholeMustFail) = BodyMutations.Whole(random, JsonText.Write(body), required: true);
                return new FuzzRequest("POST", Start, Start, wholeLabel)
                {
                    ContentType = "application/json",
                    Body = whole,
                    MustFail = wholeMustFail,
                    ReadBack = ReadBackStarted,
                };
        }

        return StartWith(body, label, mustFail);
    }

    /// <summary>The fixed run's systematic part: every kind of hostile variables, business key and version, once each.</summary>
    public static IEnumerable<FuzzRequest> StartCorpus(FuzzRandom random, string definitionId)
    {
        for (var kind = 0; kind < HostileJson.Kinds; kind++)
        {
            var (variables, label) = HostileJson.Object(kind, random);
            yield return StartWith(new JsonFields { { "definitionId", definitionId }, { "variables", variables } }, $"variables: {label}", null);
        }

        foreach (var (key, label) in HostileStrings.All)
        {
            yield return StartWith(new JsonFields { { "definitionId", definitionId }, { "businessKey", key } }, $"businessKey: {label}",
                key.Length > 256 ? "docs/api.md: businessKey is at most 256 characters" : null);
        }

        foreach (var (text, label, notWhole) in HostileNumbers.ForIntFields)
        {
            yield return StartWith(new JsonFields { { "definitionId", definitionId }, { "version", new RawJson(text) } }, $"version {label}",
                notWhole ? "docs/api.md: a field of the wrong type is a 400" : text == "1" ? null : "the definition has only version 1 (docs/api.md: 404)");
        }
    }

    private static FuzzRequest StartWith(JsonFields body, string label, string? mustFail) =>
        FuzzRequest.Json("POST", Start, Start, label, JsonText.Write(body)) with { MustFail = mustFail, ReadBack = ReadBackStarted };

    public static FuzzRequest GetInstance(FuzzRandom random, IReadOnlyList<string> known, bool history)
    {
        var route = history ? History : One;
        var (segment, label) = random.Chance(0.3) && known.Count > 0 ? (random.PickFrom(known), "an existing instance") : HostilePaths.Any(random);
        var path = $"/v1/instances/{segment}{(history ? "/history" : "")}";
        return FuzzRequest.Get(path, route, $"id: {label}");
    }

    public static FuzzRequest ListInstances(FuzzRandom random)
    {
        var (query, label, mustFail) = ListQueries.Any(random, ["definitionId", "businessKey"], hasStatus: true);
        return FuzzRequest.Get(List + query, List, label) with { MustFail = mustFail };
    }

    /// <summary>A cancel with one thing wrong: the target (with a valid body), or the body (of an active instance).</summary>
    /// <param name="active">An instance that can be cancelled, or null to aim at other ids with a valid body.</param>
    public static FuzzRequest CancelInstance(FuzzRandom random, string? active, IReadOnlyList<string> finished)
    {
        if (active is null)
        {
            var (segment, idLabel) = random.Chance(0.3) && finished.Count > 0 ? (random.PickFrom(finished), "a finished instance") : HostilePaths.Any(random);
            var body = random.Chance(0.5) ? null : Encoding.UTF8.GetBytes("""{"reason":"stop"}""");
            return new FuzzRequest("POST", $"/v1/instances/{segment}/cancel", Cancel, $"target: {idLabel}")
            {
                ContentType = body is null ? null : "application/json",
                Body = body,
                MustFail = "there is no unfinished instance with this id (docs/api.md: 404 or 409)",
            };
        }

        var path = $"/v1/instances/{active}/cancel";
        var request = random.Between(0, 5) switch
        {
            0 => new FuzzRequest("POST", path, Cancel, "no body"),
            1 or 2 => Reason(random, path),
            3 => WrongReason(random, path),
            4 => BrokenBody(random, path),
            _ => NotJson(random, path),
        };
        return request with
        {
            ReadBack = _ => [FuzzRequest.Get($"/v1/instances/{active}", One, "read back"), FuzzRequest.Get($"/v1/instances/{active}/history", History, "read back")],
        };
    }

    private static FuzzRequest Reason(FuzzRandom random, string path)
    {
        var (reason, label) = random.Chance(0.2)
            ? (new string('r', random.Pick(64 * 1024, 3 * 1024 * 1024)), "huge")
            : HostileStrings.Any(random);
        return FuzzRequest.Json("POST", path, Cancel, $"reason: {(label == "huge" ? $"{reason.Length / 1024:N0} KiB" : label)}",
            JsonText.Write(new JsonFields { { "reason", reason } }));
    }

    private static FuzzRequest WrongReason(FuzzRandom random, string path)
    {
        var wrong = random.Pick<object?>(5, true, new JsonFields(), new List<object?>());
        return FuzzRequest.Json("POST", path, Cancel, $"reason of the wrong type {JsonText.Write(wrong)}",
            JsonText.Write(new JsonFields { { "reason", wrong } })) with { MustFail = "docs/api.md: a field of the wrong type is a 400" };
    }

    private static FuzzRequest BrokenBody(FuzzRandom random, string path)
    {
        var (whole, label, mustFail) = BodyMutations.Whole(random, """{"reason":"stop"}""", required: false);
        return new FuzzRequest("POST", path, Cancel, label) { ContentType = "application/json", Body = whole, MustFail = mustFail };
    }

    private static FuzzRequest NotJson(FuzzRandom random, string path)
    {
        var type = random.Pick("text/plain", "application/xml", "application/x-www-form-urlencoded");
        return new FuzzRequest("POST", path, Cancel, $"a body sent as {type}")
        {
            ContentType = type,
            Body = Encoding.UTF8.GetBytes("""{"reason":"stop"}"""),
            MustFail = "docs/api.md: a body not sent as application/json is a 415",
        };
    }

    private static IEnumerable<FuzzRequest> ReadBackStarted(FuzzAnswer answer)
    {
        var id = AnswerJson.Text(answer, "id");
        if (id is null)
        {
            yield return FuzzRequest.Get("/v1/instances/(the answer has no id)", One, "read back");
            yield break;
        }

        yield return FuzzRequest.Get($"/v1/instances/{HostilePaths.Encode(id)}", One, "read back");
        yield return FuzzRequest.Get($"/v1/instances/{HostilePaths.Encode(id)}/history", History, "read back");
        var key = AnswerJson.Text(answer, "businessKey");
        if (key is not null)
        {
            yield return FuzzRequest.Get($"/v1/instances?businessKey={HostilePaths.Encode(key)}", List, "read back");
        }
    }
}
