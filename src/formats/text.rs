//! A file's bytes as text: the one reader the page and the command line share, so a
//! file gets the same verdict on both. UTF-8 is read as is (a byte-order mark is
//! dropped); UTF-16 with its byte-order mark is decoded; anything else is refused
//! naming the line, with the fix: save the file as UTF-8.

use super::csv::CsvError;

/// What every refusal of the encoding ends with.
const FIX: &str = "save the file as UTF-8";

fn at(line: usize, message: String) -> CsvError {
    CsvError { line: Some(line), message }
}

/// The 1-based line that follows the bytes read so far.
fn line_of(text: &[u8]) -> usize {
    text.iter().filter(|&&b| b == b'\n').count() + 1
}

/// Decodes a text file: UTF-8 (with or without a byte-order mark) or UTF-16 with one.
/// Invalid UTF-8, a broken UTF-16 file and NUL bytes (binary data, or UTF-16 without its
/// mark) are refused naming the line.
pub fn decode(bytes: &[u8]) -> Result<String, CsvError> {
    let text = match bytes {
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest)?,
        [0xFF, 0xFE, rest @ ..] => utf16(rest, u16::from_le_bytes)?,
        [0xFE, 0xFF, rest @ ..] => utf16(rest, u16::from_be_bytes)?,
        _ => utf8(bytes)?,
    };
    if let Some(i) = text.find('\0') {
        return Err(at(
            line_of(&text.as_bytes()[..i]),
            format!("a NUL byte (\\0): this is not plain text (a file in UTF-16 without its byte-order mark?); {FIX}"),
        ));
    }
    Ok(text)
}

fn utf8(bytes: &[u8]) -> Result<String, CsvError> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = e.valid_up_to();
            let bad = bytes.get(good).copied().unwrap_or(0);
            Err(at(line_of(&bytes[..good]), format!("the byte 0x{bad:02X} is not UTF-8 text (a Latin-1 or Windows file?); {FIX}")))
        }
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, CsvError> {
    let units = bytes.chunks(2).map(|c| if c.len() == 2 { Some(unit([c[0], c[1]])) } else { None });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut pending = Vec::new();
    for u in units {
        match u {
            Some(u) => pending.push(u),
            None => return Err(at(line_of(out.as_bytes()), format!("the UTF-16 file ends in half a character; {FIX}"))),
        }
    }
    for c in char::decode_utf16(pending) {
        match c {
            Ok(c) => out.push(c),
            Err(_) => return Err(at(line_of(out.as_bytes()), format!("a broken UTF-16 character; {FIX}"))),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn utf16le(s: &str) -> Vec<u8> {
        let mut b = vec![0xFF, 0xFE];
        b.extend(s.encode_utf16().flat_map(u16::to_le_bytes));
        b
    }

    #[test]
    fn utf8_with_or_without_a_mark_and_utf16_with_one_read_alike() {
        let text = "x1,x2,label\n1,2,café\n";
        assert_eq!(decode(text.as_bytes()).unwrap(), text);
        assert_eq!(decode(&[b"\xEF\xBB\xBF", text.as_bytes()].concat()).unwrap(), text);
        assert_eq!(decode(&utf16le(text)).unwrap(), text);
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap(), text);
    }

    #[test]
    fn latin1_broken_utf16_and_nul_bytes_are_refused_naming_the_line() {
        let e = decode(b"x1,x2,label\n1,2,a\n3,4,caf\xE9\n").unwrap_err();
        assert_eq!(e.line, Some(3));
        assert!(e.message.contains("0xE9") && e.message.ends_with("save the file as UTF-8"), "{e}");
        let mut odd = utf16le("1,2,a\n");
        odd.push(b'x');
        assert!(decode(&odd).unwrap_err().message.contains("save the file as UTF-8"));
        let e = decode(&utf16le("1,2\n").into_iter().skip(2).collect::<Vec<u8>>()).unwrap_err();
        assert_eq!(e.line, Some(1));
        let e = decode(b"1,2,a\n3,4,b\0\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.to_string().starts_with("line 2: a NUL byte"), "{e}");
    }
}
