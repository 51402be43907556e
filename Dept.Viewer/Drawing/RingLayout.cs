namespace Dept.Viewer.Drawing;

/// <summary>
/// A reported cycle drawn as a ring (#15): the classes clockwise on a circle in cycle order, each edge an arc bowed
/// outwards (so the two edges of a 2-cycle are two arcs on opposite sides) with its context's label block beyond it.
/// </summary>
internal static class RingLayout
{
    private const double Margin = 16, LabelGap = 12, LineHeight = 15, CharWidth = 6.7;

    /// <summary>One edge's label: lines of text, anchored on the side of the ring the edge bows to.</summary>
    /// <param name="Lines">The text lines.</param>
    /// <param name="At">The anchor point of the first line's baseline.</param>
    /// <param name="AnchorEnd">True when the text ends at <paramref name="At"/> (label on the ring's left side).</param>
    internal sealed record Label(IReadOnlyList<string> Lines, Pt At, bool AnchorEnd);

    /// <summary>Lays out a ring of <paramref name="sizes"/>.Count nodes, node i depending on node i+1; one label block per edge.</summary>
    public static (Layout Layout, IReadOnlyList<Label> Labels) Compute(IReadOnlyList<(double W, double H)> sizes, IReadOnlyList<IReadOnlyList<string>> labels)
    {
        var n = sizes.Count;
        var maxW = sizes.Max(s => s.W);
        var radius = n == 1 ? 0 : Math.Max(70, n * (sizes.Max(s => s.H) + 40) / Math.PI);
        var boxes = new List<Box>(n);
        for (var i = 0; i < n; i++)
        {
            var a = (-Math.PI / 2) + (2 * Math.PI * i / n);
            var (w, h) = sizes[i];
            boxes.Add(new Box((radius * Math.Cos(a)) - (w / 2), (radius * Math.Sin(a)) - (h / 2), w, h));
        }

        var routes = new List<IReadOnlyList<Pt>>(n);
        var placed = new List<Label>(n);
        for (var i = 0; i < n; i++)
        {
            var (from, to) = (boxes[i], boxes[(i + 1) % n]);
            List<Pt> route;
            Pt apex, normal;
            if (n == 1)
            {
                // One class waiting on itself: a loop over the box's right side.
                route = [new(from.Right, from.Center.Y - 5), new(from.Right + 40, from.Center.Y), new(from.Right, from.Center.Y + 5)];
                apex = new(from.Right + 40, from.Center.Y);
                normal = new(1, 0);
            }
            else
            {
                var (a, b) = (from.Center, to.Center);
                var (dx, dy) = (b.X - a.X, b.Y - a.Y);
                var len = Math.Sqrt((dx * dx) + (dy * dy));
                // Clockwise on screen (y down): the outside of the ring is on the left of the direction of travel.
                normal = new(dy / len, -dx / len);
                var bow = Math.Max(36, len * 0.3);
                apex = new(((a.X + b.X) / 2) + (normal.X * bow), ((a.Y + b.Y) / 2) + (normal.Y * bow));
                route = [Exit(from, apex), apex, Exit(to, apex)];
            }

            routes.Add(route);
            var lines = labels[i];
            var at = new Pt(apex.X + (normal.X * LabelGap), apex.Y + (normal.Y * LabelGap) - ((lines.Count - 1) * LineHeight / 2));
            placed.Add(new Label(lines, at, normal.X < -0.2));
        }

        // Shift everything so the drawing starts at the margin, and size it to its content.
        var minX = boxes.Min(b => b.X);
        var minY = boxes.Min(b => b.Y);
        var maxX = boxes.Max(b => b.Right);
        var maxY = boxes.Max(b => b.Bottom);
        foreach (var l in placed)
        {
            var w = l.Lines.Max(s => s.Length) * CharWidth;
            minX = Math.Min(minX, l.AnchorEnd ? l.At.X - w : l.At.X);
            maxX = Math.Max(maxX, l.AnchorEnd ? l.At.X : l.At.X + w);
            minY = Math.Min(minY, l.At.Y - LineHeight);
            maxY = Math.Max(maxY, l.At.Y + (l.Lines.Count * LineHeight));
        }

        foreach (var r in routes)
        {
            minX = Math.Min(minX, r.Min(p => p.X));
            maxX = Math.Max(maxX, r.Max(p => p.X));
            minY = Math.Min(minY, r.Min(p => p.Y));
            maxY = Math.Max(maxY, r.Max(p => p.Y));
        }

        var (ox, oy) = (Margin - minX, Margin - minY);
        Pt Move(Pt p) => new(p.X + ox, p.Y + oy);
        var layout = new Layout(
            [.. boxes.Select(b => b with { X = b.X + ox, Y = b.Y + oy })],
            [.. routes.Select(r => (IReadOnlyList<Pt>)[.. r.Select(Move)])],
            maxX - minX + (2 * Margin),
            maxY - minY + (2 * Margin));
        return (layout, [.. placed.Select(l => l with { At = Move(l.At) })]);
    }

    // Where the straight line from the box's center towards `toward` leaves the box.
    private static Pt Exit(Box box, Pt toward)
    {
        var c = box.Center;
        var (dx, dy) = (toward.X - c.X, toward.Y - c.Y);
        if (dx == 0 && dy == 0)
        {
            return c;
        }

        var t = Math.Min(dx == 0 ? double.MaxValue : box.W / 2 / Math.Abs(dx), dy == 0 ? double.MaxValue : box.H / 2 / Math.Abs(dy));
        return new(c.X + (dx * t), c.Y + (dy * t));
    }
}
