//! all-MiniLM-L6-v2 through candle-transformers' BertModel, measured like `embedscope embed`:
//! one process per round, model load excluded, the encode step (tokenise + forward + pooling)
//! timed, output written as .npy, JSON on stdout.
//!
//!     candle-bench MODEL_DIR TEXTS.txt OUT.npy [BATCH]

use std::io::Write;
use std::time::Instant;

use anyhow::{anyhow, Context, Result};
use candle_core::{DType, Device, Tensor};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use tokenizers::utils::padding::{pad_encodings, PaddingParams, PaddingStrategy};
use tokenizers::{Tokenizer, TruncationParams};

fn write_npy(path: &str, rows: usize, dim: usize, data: &[f32]) -> Result<()> {
    let mut header = format!(
        "{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows}, {dim}), }}"
    );
    // magic(6) + version(2) + len(2) + header + '\n' must be a multiple of 64
    let total = 10 + header.len() + 1;
    let pad = (64 - total % 64) % 64;
    header.push_str(&" ".repeat(pad));
    header.push('\n');
    let mut f = std::io::BufWriter::new(std::fs::File::create(path)?);
    f.write_all(b"\x93NUMPY\x01\x00")?;
    f.write_all(&(header.len() as u16).to_le_bytes())?;
    f.write_all(header.as_bytes())?;
    for v in data {
        f.write_all(&v.to_le_bytes())?;
    }
    Ok(())
}

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::Path::new(&args[1]);
    let input = &args[2];
    let output = &args[3];
    let batch: usize = args.get(4).map(|s| s.parse()).transpose()?.unwrap_or(64);
    let max_len = 256usize;

    let body = std::fs::read_to_string(input)?;
    let texts: Vec<&str> = body.lines().collect();

    // ---- load (not timed in rows/s) ----
    let t_load = Instant::now();
    let device = Device::Cpu;
    let config: Config = serde_json::from_str(&std::fs::read_to_string(dir.join("config.json"))?)?;
    let mut tokenizer = Tokenizer::from_file(dir.join("tokenizer.json")).map_err(|e| anyhow!("{e}"))?;
    tokenizer
        .with_truncation(Some(TruncationParams { max_length: max_len, ..Default::default() }))
        .map_err(|e| anyhow!("{e}"))?;
    tokenizer.with_padding(None);
    let vb = unsafe {
        VarBuilder::from_mmaped_safetensors(&[dir.join("model.safetensors")], DType::F32, &device)
            .context("safetensors")?
    };
    let model = BertModel::load(vb, &config)?;
    let load_secs = t_load.elapsed().as_secs_f64();

    // ---- encode (timed) ----
    let t = Instant::now();
    let enc = tokenizer
        .encode_batch(texts.clone(), true)
        .map_err(|e| anyhow!("{e}"))?;
    let tok_secs = t.elapsed().as_secs_f64();
    let truncated = enc.iter().filter(|e| !e.get_overflowing().is_empty()).count();
    let tokens: usize = enc.iter().map(|e| e.get_ids().len()).sum();
    let mut order: Vec<usize> = (0..texts.len()).collect();
    order.sort_by_key(|&i| (enc[i].get_ids().len(), i));
    let pad = PaddingParams {
        strategy: PaddingStrategy::BatchLongest,
        pad_id: 0,
        pad_type_id: 0,
        pad_token: "[PAD]".to_owned(),
        ..Default::default()
    };
    let dim = config.hidden_size;
    let mut out = vec![0f32; texts.len() * dim];
    let mut padded_tokens = 0usize;
    let mut t_fwd = 0f64;
    for chunk in order.chunks(batch) {
        let mut be: Vec<_> = chunk.iter().map(|&i| enc[i].clone()).collect();
        pad_encodings(&mut be, &pad).map_err(|e| anyhow!("{e}"))?;
        let n = be.len();
        let l = be[0].get_ids().len();
        padded_tokens += n * l;
        let ids: Vec<u32> = be.iter().flat_map(|e| e.get_ids().iter().copied()).collect();
        let tt: Vec<u32> = be.iter().flat_map(|e| e.get_type_ids().iter().copied()).collect();
        let am: Vec<u32> = be.iter().flat_map(|e| e.get_attention_mask().iter().copied()).collect();
        let ids = Tensor::from_vec(ids, (n, l), &device)?;
        let tt = Tensor::from_vec(tt, (n, l), &device)?;
        let am = Tensor::from_vec(am, (n, l), &device)?;
        let tf = Instant::now();
        let h = model.forward(&ids, &tt, Some(&am))?; // (n, l, dim)
        // mean pooling over the mask, then L2 normalise
        let m = am.to_dtype(DType::F32)?.unsqueeze(2)?; // (n, l, 1)
        let sum = h.broadcast_mul(&m)?.sum(1)?; // (n, dim)
        let cnt = m.sum(1)?.clamp(1e-9f32, f32::MAX)?; // (n, 1)
        let mean = sum.broadcast_div(&cnt)?;
        let norm = mean.sqr()?.sum_keepdim(1)?.sqrt()?.clamp(1e-12f32, f32::MAX)?;
        let e = mean.broadcast_div(&norm)?;
        let rows: Vec<Vec<f32>> = e.to_vec2()?;
        t_fwd += tf.elapsed().as_secs_f64();
        for (k, &i) in chunk.iter().enumerate() {
            out[i * dim..(i + 1) * dim].copy_from_slice(&rows[k]);
        }
    }
    let secs = t.elapsed().as_secs_f64();
    write_npy(output, texts.len(), dim, &out)?;
    println!(
        "{}",
        serde_json::json!({
            "rows": texts.len(),
            "truncated": truncated,
            "tokens": tokens,
            "padded_tokens": padded_tokens,
            "load_seconds": load_secs,
            "tokenize_seconds": tok_secs,
            "forward_seconds": t_fwd,
            "seconds": secs,
            "rows_per_s": texts.len() as f64 / secs,
            "threads": candle_core::utils::get_num_threads(),
        })
    );
    Ok(())
}
