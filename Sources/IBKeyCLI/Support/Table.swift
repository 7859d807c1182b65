/// The tables `users` and `issuer users` print, in one look: upper-case
/// headers, columns aligned with two spaces (never tabs), no trailing
/// spaces, so that `column -t`, `awk` and a person all read them.
enum Table {
    /// `header` and `rows` (each as long as `header`) as aligned lines.
    static func render(_ header: [String], _ rows: [[String]]) -> String {
        aligned([header] + rows)
    }

    /// `lines` (each as long as the first) aligned the same way, with no header.
    static func aligned(_ lines: [[String]]) -> String {
        guard let first = lines.first else { return "" }
        let widths = first.indices.map { c in lines.map { $0[c].count }.max() ?? 0 }
        return lines.map { row in
            var line = ""
            for (c, cell) in row.enumerated() {
                if c > 0 { line += "  " }
                line += cell + String(repeating: " ", count: widths[c] - cell.count)
            }
            while line.last == " " { line.removeLast() }
            return line + "\n"
        }.joined()
    }
}
