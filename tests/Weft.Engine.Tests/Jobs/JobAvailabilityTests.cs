using Weft.Engine.Jobs;

namespace Weft.Engine.Tests.Jobs;

public sealed class JobAvailabilityTests
{
    [Fact]
    public void A_notice_taken_before_notify_completes_on_notify()
    {
        var availability = new JobAvailability();
        var notice = availability.NextNotice;
        Assert.False(notice.IsCompleted);

        availability.Notify();

        Assert.True(notice.IsCompletedSuccessfully);
    }

    [Fact]
    public void A_notice_taken_after_notify_waits_for_the_next_one()
    {
        var availability = new JobAvailability();
        availability.Notify();

        var notice = availability.NextNotice;

        Assert.False(notice.IsCompleted);
        availability.Notify();
        Assert.True(notice.IsCompleted);
    }
}
