//! Share links carry the paste in the URL fragment (`#/p/<base64url>`), which browsers never send
//! to a server. Base64url is a few lines; a crate for it would cost more wasm than it saves.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Largest paste a share link carries.
pub const MAX_SHARE_BYTES: usize = 64 * 1024;

pub fn encode(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(b.len().div_ceil(3) * 4);
    for chunk in b.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

pub fn decode(s: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in s.bytes().filter(|&c| c != b'=') {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        acc = acc << 6 | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            bytes.push((acc >> bits & 0xFF) as u8);
        }
    }
    String::from_utf8(bytes).ok()
}

/// The paste of a `#/p/...` fragment, if it is one.
pub fn paste_from_fragment(fragment: &str) -> Option<String> {
    let f = fragment.trim_start_matches('#').trim_start_matches('/');
    f.strip_prefix("p/").and_then(decode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_any_text() {
        for s in [
            "",
            "a",
            "ab",
            "abc",
            "UserErrorPVNotFound",
            "ストレージ アカウント",
            "스토리지 <script>",
            "\u{0}\n\t",
        ] {
            assert_eq!(decode(&encode(s)).as_deref(), Some(s));
        }
        assert_eq!(
            paste_from_fragment(&format!("#/p/{}", encode("x y"))).as_deref(),
            Some("x y")
        );
    }

    #[test]
    fn rejects_garbage() {
        assert_eq!(decode("***"), None);
        assert_eq!(paste_from_fragment("#/catalog"), None);
    }
}
