using Dept.Viewer.Attach;

namespace Dept.Viewer.Tests.Attach;

/// <summary>Live stacks name the method the user wrote, not the compiler's closure classes (#14).</summary>
public sealed class FrameNamesTests
{
    [Theory]
    [InlineData("Program+<>c__DisplayClass0_0.<<Main>$>b__0()", "Program.Main (lambda)")]
    [InlineData("Orders.Worker+<>c.<Run>b__3_1(System.Object)", "Orders.Worker.Run (lambda)")]
    [InlineData("Orders.Worker.<Run>g__Drain|2_0()", "Orders.Worker.Drain (local function in Run)")]
    [InlineData("Orders.Worker+<SaveAsync>d__4.MoveNext()", "Orders.Worker.SaveAsync (async)")]
    [InlineData("Program.<Main>$(System.String[])", "Program.Main(System.String[])")]
    [InlineData("Orders.Account.Transfer(Orders.Account, Int32)", "Orders.Account.Transfer(Orders.Account, Int32)")]
    public void Readable(string frame, string expected) => Assert.Equal(expected, FrameNames.Readable(frame));
}
