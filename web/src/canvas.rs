//! Small canvas helpers: the 2D context and painting an RGBA buffer.

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// The screen's pixel density the page's canvases are drawn at: the device's, from 1 to 2.
pub fn pixel_ratio() -> f64 {
    leptos::prelude::window().device_pixel_ratio().clamp(1.0, 2.0)
}

/// A box of `w × h` CSS pixels in device pixels, at [`pixel_ratio`].
pub fn device_size(w: f64, h: f64) -> (u32, u32) {
    let dpr = pixel_ratio();
    ((w * dpr).round() as u32, (h * dpr).round() as u32)
}

/// The canvas's 2D context.
pub fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into::<CanvasRenderingContext2d>().ok()
}

/// Copies a `w × h` RGBA buffer onto the canvas at its origin (one call, not per pixel).
pub fn put_rgba(canvas: &HtmlCanvasElement, rgba: &[u8], w: u32, h: u32) {
    if rgba.len() != (w * h * 4) as usize {
        return;
    }
    if let (Some(ctx), Ok(img)) = (context(canvas), ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h)) {
        let _ = ctx.put_image_data(&img, 0.0, 0.0);
    }
}
