using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using Weft.Worker.Client;
using Weft.Worker.Tasks;

namespace Weft.Worker.Tests.Tasks;

/// <summary>The catalog entry a task method gets from its attributes, parameters and return type.</summary>
public sealed class CatalogEntryTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public enum Speed
    {
        Slow,
        Fast,
    }

    [Fact]
    public void The_attribute_gives_the_name_description_version_and_timeout_and_the_class_the_namespace()
    {
        var task = Find(typeof(Shipping), "ship");

        Assert.Equal("shipping", task.Namespace);
        Assert.Equal("ship", task.Catalog.Name);
        Assert.Equal("Ships a parcel.", task.Catalog.Description);
        Assert.Equal("2.1", task.Catalog.Version);
        Assert.Equal("PT10M", task.Catalog.Timeout);
    }

    [Fact]
    public void Each_input_has_its_catalog_type_whether_it_is_required_its_default_allowed_values_and_description()
    {
        var inputs = Find(typeof(Shipping), "ship").Catalog.Inputs;

        var expected = """
            [
              {"name":"parcelId","type":"string","required":true,"default":null,"allowedValues":null,"description":"The parcel."},
              {"name":"weight","type":"number","required":true,"default":null,"allowedValues":null,"description":null},
              {"name":"pickUpAt","type":"datetime","required":true,"default":null,"allowedValues":null,"description":null},
              {"name":"items","type":"array","required":true,"default":null,"allowedValues":null,"description":null},
              {"name":"address","type":"object","required":true,"default":null,"allowedValues":null,"description":null},
              {"name":"extra","type":"any","required":true,"default":null,"allowedValues":null,"description":null},
              {"name":"count","type":"integer","required":false,"default":1,"allowedValues":null,"description":null},
              {"name":"express","type":"boolean","required":false,"default":false,"allowedValues":null,"description":null},
              {"name":"speed","type":"string","required":false,"default":"Fast","allowedValues":["Slow","Fast"],"description":null},
              {"name":"note","type":"string","required":false,"default":null,"allowedValues":null,"description":null}
            ]
            """;
        var actual = JsonSerializer.SerializeToNode(inputs, Web);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual!.ToJsonString());
    }

    [Fact]
    public void The_context_and_a_cancellation_token_are_not_inputs()
    {
        var task = Find(typeof(Shipping), "track");

        Assert.Equal(["trackingId"], task.Catalog.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void The_outputs_are_the_returned_types_properties_camel_cased_with_their_types_and_descriptions()
    {
        var outputs = Find(typeof(Shipping), "ship").Catalog.Outputs;

        Assert.Equal(
            [("trackingId", CatalogType.String, "Where to follow it."), ("cost", CatalogType.Number, null), ("legs", CatalogType.Integer, null)],
            outputs.Select(o => (o.Name, o.Type, o.Description)));
    }

    [Fact]
    public void An_async_task_has_the_outputs_of_what_it_awaits_and_void_or_a_dictionary_has_none()
    {
        Assert.Equal(["status"], Find(typeof(Shipping), "track").Catalog.Outputs.Select(o => o.Name));
        Assert.Empty(Find(typeof(Shipping), "forget").Catalog.Outputs);
        Assert.Empty(Find(typeof(Shipping), "lookup").Catalog.Outputs);
    }

    [Fact]
    public void A_description_attribute_on_the_method_describes_the_task_when_the_task_attribute_does_not()
    {
        Assert.Equal("Forgets a parcel.", Find(typeof(Shipping), "forget").Catalog.Description);
    }

    [Fact]
    public void Without_a_module_attribute_the_namespace_is_the_assemblys_name_and_a_given_namespace_overrides_both()
    {
        var plain = Find(typeof(Unmarked), "plain");
        var tasks = TaskMethod.FindIn(typeof(Shipping)).Concat(TaskMethod.FindIn(typeof(Unmarked))).ToList();

        Assert.Equal("Weft.Worker.Tests", plain.Namespace);
        Assert.Equal(["Weft.Worker.Tests", "shipping"], TaskCatalog.ByNamespace(tasks).Keys.Order(StringComparer.Ordinal));
        var all = Assert.Single(TaskCatalog.ByNamespace(tasks, "everything"));
        Assert.Equal(5, all.Value.Count);
    }

    [Fact]
    public void A_namespace_that_breaks_the_rule_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => TaskCatalog.ByNamespace([], "has space"));

        Assert.StartsWith("'has space' is not a catalog namespace: 1 to 128 characters of A-Z a-z 0-9 . _ -", error.Message, StringComparison.Ordinal);
    }

    private static TaskMethod Find(Type type, string name) => TaskMethod.FindIn(type).Single(t => t.Name == name);

    public sealed record Address(string Street);

    public sealed record Shipment([property: Description("Where to follow it.")] string TrackingId, decimal Cost, int Legs);

    public sealed record Tracking(string Status);

    [WeftModule("shipping")]
    public static class Shipping
    {
        [WeftTask("ship", Description = "Ships a parcel.", Version = "2.1", Timeout = "PT10M")]
        public static Shipment Ship(
            [Description("The parcel.")] string parcelId,
            double weight,
            DateTimeOffset pickUpAt,
            List<string> items,
            Address address,
            JsonNode extra,
            int count = 1,
            bool express = false,
            Speed speed = Speed.Fast,
            string? note = null) => new(parcelId, 0, 0);

        [WeftTask("track")]
        public static Task<Tracking> Track(IJobContext context, string trackingId, CancellationToken token) => Task.FromResult(new Tracking("moving"));

        [WeftTask("forget")]
        [Description("Forgets a parcel.")]
        public static Task Forget() => Task.CompletedTask;

        [WeftTask("lookup")]
        public static Dictionary<string, object> Lookup() => [];
    }

    public static class Unmarked
    {
        [WeftTask("plain")]
        public static void Plain()
        {
        }
    }
}
