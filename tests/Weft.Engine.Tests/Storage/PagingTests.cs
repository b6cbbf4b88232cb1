using Weft.Engine.Storage;

namespace Weft.Engine.Tests.Storage;

public sealed class PagingTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(3, 20)]
    [InlineData(0, 500)]
    public void Pages_from_zero_and_sizes_up_to_500_are_accepted(int page, int pageSize)
    {
        Paging.Validate(page, pageSize);
    }

    [Fact]
    public void Negative_page_is_invalid()
    {
        var error = Assert.Throws<WeftException>(() => Paging.Validate(-1, 20));

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.Equal("page is -1; pages are numbered from 0.", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public void Page_size_outside_1_to_500_is_invalid(int pageSize)
    {
        var error = Assert.Throws<WeftException>(() => Paging.Validate(0, pageSize));

        Assert.Equal(WeftErrorKind.Invalid, error.Kind);
        Assert.Equal($"pageSize is {pageSize}; it must be between 1 and 500.", error.Message);
    }
}
