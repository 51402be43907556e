namespace Dept.Viewer.Drawing;

/// <summary>A point in drawing units (SVG user units, y downwards).</summary>
internal readonly record struct Pt(double X, double Y);

/// <summary>A node's box: top-left corner and size.</summary>
internal readonly record struct Box(double X, double Y, double W, double H)
{
    public double Right => X + W;

    public double Bottom => Y + H;

    public Pt Center => new(X + (W / 2), Y + (H / 2));

    /// <summary>True when the two boxes share interior area (touching edges do not count).</summary>
    public bool Overlaps(Box o) => X < o.Right && o.X < Right && Y < o.Bottom && o.Y < Bottom;
}

/// <summary>A laid-out drawing: node boxes by node index, one route per edge (in input order), and the extent.</summary>
/// <param name="Nodes">Box of each node.</param>
/// <param name="Routes">Points of each edge from its source to its target; drawn as a smooth curve through them.</param>
/// <param name="Width">Width of the drawing, margins included.</param>
/// <param name="Height">Height of the drawing, margins included.</param>
internal sealed record Layout(IReadOnlyList<Box> Nodes, IReadOnlyList<IReadOnlyList<Pt>> Routes, double Width, double Height);
