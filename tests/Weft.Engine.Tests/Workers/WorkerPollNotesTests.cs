using Weft.Engine.Workers;
using Weft.Testing;

namespace Weft.Engine.Tests.Workers;

public sealed class WorkerPollNotesTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly WorkerPollNotes _notes;

    public WorkerPollNotesTests() => _notes = new WorkerPollNotes(_time);

    [Fact]
    public void A_workers_first_poll_is_recorded_with_its_job_types_sorted_once_each()
    {
        var sighting = _notes.Note("w1", ["echo", "double", "echo"]);

        Assert.NotNull(sighting);
        Assert.Equal("w1", sighting.WorkerId);
        Assert.Equal(["double", "echo"], sighting.JobTypes);
        Assert.Equal(_time.GetUtcNow(), sighting.LastPollAt);
    }

    [Fact]
    public void A_repeat_poll_within_30_seconds_is_not_recorded()
    {
        _notes.Note("w1", ["echo"]);
        _time.Advance(TimeSpan.FromSeconds(29.999));

        Assert.Null(_notes.Note("w1", ["echo"]));
    }

    [Fact]
    public void A_repeat_poll_naming_the_same_types_in_another_order_is_not_recorded()
    {
        _notes.Note("w1", ["echo", "double"]);

        Assert.Null(_notes.Note("w1", ["double", "echo", "double"]));
    }

    [Fact]
    public void A_poll_30_seconds_after_the_recorded_one_is_recorded_again()
    {
        _notes.Note("w1", ["echo"]);
        _time.Advance(TimeSpan.FromSeconds(30));

        var again = _notes.Note("w1", ["echo"]);

        Assert.NotNull(again);
        Assert.Equal(_time.GetUtcNow(), again.LastPollAt);
        Assert.Null(_notes.Note("w1", ["echo"]));
    }

    [Fact]
    public void A_poll_for_other_job_types_is_recorded_at_once()
    {
        _notes.Note("w1", ["echo"]);
        _time.Advance(TimeSpan.FromSeconds(1));

        var changed = _notes.Note("w1", ["echo", "double"]);

        Assert.NotNull(changed);
        Assert.Equal(["double", "echo"], changed.JobTypes);
    }

    [Fact]
    public void Each_worker_is_noted_on_its_own()
    {
        _notes.Note("w1", ["echo"]);

        Assert.NotNull(_notes.Note("w2", ["echo"]));
        Assert.Null(_notes.Note("w1", ["echo"]));
    }

    [Fact]
    public void A_forgotten_sighting_is_recorded_again_on_the_next_poll()
    {
        var failed = _notes.Note("w1", ["echo"])!;

        _notes.Forget(failed);

        Assert.NotNull(_notes.Note("w1", ["echo"]));
    }

    [Fact]
    public void Forgetting_an_older_sighting_keeps_the_newer_note()
    {
        var old = _notes.Note("w1", ["echo"])!;
        _notes.Note("w1", ["double"]);

        _notes.Forget(old);

        Assert.Null(_notes.Note("w1", ["double"]));
    }
}
