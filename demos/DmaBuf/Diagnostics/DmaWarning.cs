namespace DmaBuf.Diagnostics;

/// <summary>One warning the model logged where the kernel would <c>WARN</c> and carry on.</summary>
/// <param name="Code">A stable identifier of the rule that was broken.</param>
/// <param name="Message">The text, following the kernel's message where it has one.</param>
/// <param name="Time">When it was logged.</param>
public sealed record DmaWarning(DmaWarningCode Code, string Message, DateTimeOffset Time);
