using System.Text.Json.Nodes;
using Weft.Samples.Tasks;
using Weft.Worker.Handlers;
using Weft.Worker.Tasks;
using YamlDotNet.Serialization;

namespace Weft.Worker.Tests.Samples;

/// <summary>The sample definitions must run on this engine and with the sample worker alone.</summary>
public sealed class SampleDefinitionsTests
{
    private static readonly string[] ExecutableTypes = ["SERVICE_TASK", "END"];

    public static TheoryData<string, string> Definitions => new()
    {
        { "order-pipeline.json", "order-pipeline" },
        { "doubling.yaml", "doubling" },
    };

    [Theory]
    [MemberData(nameof(Definitions))]
    public void Is_a_linear_pipeline_of_sample_jobs_ending_in_END(string file, string expectedId)
    {
        var definition = Load(file);
        var steps = definition["steps"]!.AsArray().Select(step => step!.AsObject()).ToList();
        var ids = steps.Select(step => (string)step["id"]!).ToList();
        var registry = new HandlerRegistry();
        foreach (var task in TaskMethod.FindIn(typeof(SampleTasks)))
        {
            registry.Register(task);
        }


        Assert.Equal(expectedId, (string?)definition["id"]);
        Assert.Equal(3, steps.Count);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(steps, step => Assert.Contains((string)step["type"]!, ExecutableTypes));
        Assert.All(steps, step => Assert.False(string.IsNullOrWhiteSpace((string?)step["name"])));
        Assert.Equal(["echo", "double"], steps.Where(IsServiceTask).Select(step => (string)step["jobType"]!));
        Assert.All(steps.Where(IsServiceTask), step =>
        {
            Assert.True(registry.TryGetHandler((string)step["jobType"]!, out _));
            Assert.Contains((string)step["nextStep"]!, ids);
            Assert.NotNull(step["retryCount"]);
        });
        Assert.Equal(ids[1], (string?)steps[0]["nextStep"]);
        Assert.Equal(ids[2], (string?)steps[1]["nextStep"]);
        Assert.Equal("END", (string?)steps[2]["type"]);
    }

    private static bool IsServiceTask(JsonObject step) => (string?)step["type"] == "SERVICE_TASK";

    private static JsonObject Load(string file)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "definitions", file));
        if (file.EndsWith(".json", StringComparison.Ordinal))
        {
            return JsonNode.Parse(text)!.AsObject();
        }

        // YAML scalars come through as strings, which is all these checks read.
        var yaml = new DeserializerBuilder().Build().Deserialize(new StringReader(text));
        return JsonNode.Parse(new SerializerBuilder().JsonCompatible().Build().Serialize(yaml))!.AsObject();
    }
}
