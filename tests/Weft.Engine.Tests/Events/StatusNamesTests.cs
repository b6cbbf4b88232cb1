using System.Text.Json;
using System.Text.Json.Serialization;
using Weft.Engine.Instances;
using Weft.Engine.Jobs;
using Weft.Engine.Timers;
using Weft.Engine.Tokens;
using Weft.Engine.UserTasks;

namespace Weft.Engine.Tests.Events;

public sealed class StatusNamesTests
{
    private static readonly JsonSerializerOptions Api = new() { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseUpper) } };

    [Fact]
    public void Every_status_is_spelled_as_the_REST_API_writes_it()
    {
        AssertApiNames<InstanceStatus>();
        AssertApiNames<JobStatus>();
        AssertApiNames<TokenStatus>();
        AssertApiNames<UserTaskStatus>();
        AssertApiNames<TimerStatus>();
    }

    [Fact]
    public void A_status_as_an_event_kind_is_its_camel_case_word()
    {
        Assert.Equal("completed", StatusNames.Word(JobStatus.Completed));
        Assert.Equal("cancelled", StatusNames.Word(InstanceStatus.Cancelled));
        Assert.Equal("ACTIVE", StatusNames.Api(InstanceStatus.Active));
    }

    private static void AssertApiNames<T>()
        where T : struct, Enum
    {
        foreach (var status in Enum.GetValues<T>())
        {
            Assert.Equal(JsonSerializer.Serialize(status, Api).Trim('"'), StatusNames.Api(status));
        }
    }
}
