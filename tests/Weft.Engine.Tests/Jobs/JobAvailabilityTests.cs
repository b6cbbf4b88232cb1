using Weft.Engine.Jobs;
using Weft.Testing;

namespace Weft.Engine.Tests.Jobs;

public sealed class JobAvailabilityTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void A_notice_wakes_the_waiters_of_its_job_type_only()
    {
        var availability = new JobAvailability(_time);
        var emails = availability.NextNotice(["email"]);
        var invoices = availability.NextNotice(["invoice"]);

        availability.Notify("email");

        Assert.True(emails.IsCompletedSuccessfully);
        Assert.False(invoices.IsCompleted);
    }

    [Fact]
    public async Task A_waiter_for_several_types_wakes_at_a_notice_for_any_of_them()
    {
        var availability = new JobAvailability(_time);
        var either = availability.NextNotice(["email", "invoice", "sms"]);

        availability.Notify("sms");

        await either.WaitAsync(TimeSpan.FromSeconds(10)); // its continuation runs on the thread pool
    }

    [Fact]
    public void A_notice_is_for_the_waiters_before_it_not_after()
    {
        var availability = new JobAvailability(_time);
        availability.Notify("email");

        var later = availability.NextNotice(["email"]);

        Assert.False(later.IsCompleted);
        availability.Notify("email");
        Assert.True(later.IsCompleted);
    }

    [Fact]
    public void A_job_waiting_for_its_backoff_wakes_its_waiters_when_the_backoff_ends()
    {
        var availability = new JobAvailability(_time);
        var waiter = availability.NextNotice(["email"]);

        availability.Notify([("email", _time.GetUtcNow().AddSeconds(4))]);

        Assert.False(waiter.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(waiter.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.True(waiter.IsCompleted);
    }
}
