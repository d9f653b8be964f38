// The export worker's loader (src/bin/export_worker.rs; src/ui/export.rs starts it): loads
// wasm-bindgen's no-modules glue, then the worker's wasm, whose main() starts listening.
// Trunk's own loader shim passes a bare path, which wasm-bindgen now warns about.
importScripts('./kafkascope-export.js');
wasm_bindgen({ module_or_path: './kafkascope-export_bg.wasm' });
