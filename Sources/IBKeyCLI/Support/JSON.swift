import IBKeyCore

/// A minimal JSON writer: the CLI's output is small and flat, and this keeps
/// Foundation out of the start-up path.
indirect enum JSON {
    case string(String), int(Int64), uint(UInt64), bool(Bool), null, array([JSON]), object([(String, JSON)])

    static func int(_ v: Int) -> JSON { .int(Int64(v)) }

    var rendered: String {
        switch self {
        case .string(let s): return Self.quote(s)
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let a): return "[" + a.map(\.rendered).joined(separator: ",") + "]"
        case .object(let o): return "{" + o.map { Self.quote($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string. Besides what JSON requires, every character of
    /// categories Cc, Cf, Zl and Zp is written as `\uXXXX` (a surrogate pair
    /// beyond the BMP), so the output stays valid JSON and safe to print.
    static func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                guard UnicodeClass.isControlOrFormat(u) else { out.unicodeScalars.append(u); continue }
                if u.value > 0xFFFF {
                    let v = u.value - 0x10000
                    out += escape(0xD800 + (v >> 10)) + escape(0xDC00 + (v & 0x3FF))
                } else {
                    out += escape(u.value)
                }
            }
        }
        return out + "\""
    }

    private static func escape(_ unit: UInt32) -> String {
        let h = String(unit, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - h.count) + h
    }
}
