//! Finnish base forms and compound parts from the Voikko library (libvoikko, LGPL), bound by
//! hand and loaded at run time, so the app builds and runs without it and falls back to
//! Snowball stems plus n-grams; and the tantivy filter that puts Voikko's words in the index.
use std::{
    collections::HashMap,
    ffi::{CStr, CString, c_char},
    marker::{PhantomData, PhantomPinned},
    path::Path,
    ptr::{self, NonNull},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use libloading::Library;

mod filter;
mod word_bases;

pub use filter::{VoikkoFilter, VoikkoTokenStream, VoikkoTokenizer};
use word_bases::expand;
pub use word_bases::{compound_heads, parse_word_bases};

/// Names and paths tried, in order, by [`Voikko::load`]: the loader's search path first, then
/// the usual install places on Debian/Ubuntu, other Linuxes, Homebrew and Windows.
const LIBRARY_CANDIDATES: &[&str] = &[
    "libvoikko.so.1",
    "/usr/lib/x86_64-linux-gnu/libvoikko.so.1",
    "/usr/lib/aarch64-linux-gnu/libvoikko.so.1",
    "/usr/lib64/libvoikko.so.1",
    "/usr/lib/libvoikko.so.1",
    "/usr/local/lib/libvoikko.so.1",
    "libvoikko.1.dylib",
    "/opt/homebrew/lib/libvoikko.1.dylib",
    "/usr/local/lib/libvoikko.1.dylib",
    "libvoikko-1.dll",
];

/// Shown where the footer names the analyser when Voikko is not available.
pub const FALLBACK_DESCRIPTION: &str = "Snowball + n-grams";

/// Idle handles kept for reuse; more are opened under load and closed when returned.
const MAX_IDLE_HANDLES: usize = 16;
/// Words whose expansion is remembered, per shard; a full shard is simply emptied.
const CACHE_SHARD_CAPACITY: usize = 8192;
const CACHE_SHARDS: usize = 16;

/// `struct VoikkoHandle` of voikko.h: opaque, only ever used behind a pointer.
#[repr(C)]
struct RawHandle {
    _data: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

/// `struct voikko_mor_analysis` of voikko.h: opaque, only ever used behind a pointer.
#[repr(C)]
struct RawAnalysis {
    _data: [u8; 0],
    _marker: PhantomData<(*mut u8, PhantomPinned)>,
}

// The C signatures, exactly as declared in /usr/include/libvoikko/voikko.h (libvoikko 4.x).
type InitFn = unsafe extern "C" fn(
    error: *mut *const c_char,
    langcode: *const c_char,
    path: *const c_char,
) -> *mut RawHandle;
type TerminateFn = unsafe extern "C" fn(handle: *mut RawHandle);
type AnalyzeWordFn =
    unsafe extern "C" fn(handle: *mut RawHandle, word: *const c_char) -> *mut *mut RawAnalysis;
type FreeAnalysisFn = unsafe extern "C" fn(analysis: *mut *mut RawAnalysis);
type AnalysisValueFn =
    unsafe extern "C" fn(analysis: *const RawAnalysis, key: *const c_char) -> *mut c_char;
type FreeValueFn = unsafe extern "C" fn(value: *mut c_char);
type VersionFn = unsafe extern "C" fn() -> *const c_char;

/// The library's functions, copied out of their symbols. Valid only while `Voikko::_library`
/// is loaded, which is why they live in the same struct and are never handed out.
struct Api {
    init: InitFn,
    terminate: TerminateFn,
    analyze_word: AnalyzeWordFn,
    free_analysis: FreeAnalysisFn,
    analysis_value: AnalysisValueFn,
    free_value: FreeValueFn,
}

/// One `VoikkoHandle`. libvoikko forbids using a handle from two threads at once, not moving
/// it between threads; the pool guarantees the former by giving each handle to one caller.
struct Handle(NonNull<RawHandle>);

// SAFETY: a VoikkoHandle is a plain heap object without thread affinity (no thread-locals);
// the only rule is no concurrent use, and a `Handle` is owned by exactly one place at a time
// (the idle list or one `PooledHandle`), so sending it to another thread is sound.
unsafe impl Send for Handle {}

/// Why the library could not be used.
#[derive(Debug, thiserror::Error)]
pub enum VoikkoError {
    #[error("could not load the Voikko library: {0}")]
    Library(#[source] libloading::Error),
    #[error("the Voikko library lacks `{name}`: {source}")]
    Symbol {
        name: &'static str,
        #[source]
        source: libloading::Error,
    },
    #[error("Voikko could not start for Finnish (is `voikko-fi` installed?): {0}")]
    Init(String),
}

/// One reading of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Analysis {
    /// The base form as Voikko writes it: `asiakaspalvelu`, `Helsinki`.
    pub base_form: String,
    /// Base forms of the compound's parts in order (`asiakas`, `palvelu`), then its heads
    /// (`verkkopalvelu` in `kuntaverkkopalvelu`); one part for a simple word, none when
    /// Voikko gives no `WORDBASES`.
    pub parts: Vec<String>,
    /// The compound's heads alone (see [`compound_heads`]): `verkkopalvelu`, `palvelu`.
    pub heads: Vec<String>,
}

/// What the filter puts in the index for one word, lower-cased and without repeats.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Expansion {
    /// Lower-cased base forms of every reading; empty when Voikko does not know the word.
    pub base_forms: Vec<String>,
    /// Compound parts that are not already among `base_forms`.
    pub parts: Vec<String>,
    /// The compound's heads (among `parts`): what it is a kind of, for phrases.
    pub heads: Vec<String>,
}

/// The loaded library with a pool of Finnish handles. Share it in an `Arc`; every method
/// takes `&self` and may be called from any number of threads.
pub struct Voikko {
    idle: Mutex<Vec<Handle>>,
    /// Held while a handle is opened or closed: libvoikko does not promise that `voikkoInit`
    /// and `voikkoTerminate` are re-entrant, and they are rare.
    lifecycle: Mutex<()>,
    cache: Vec<Mutex<HashMap<Box<str>, Arc<Expansion>>>>,
    description: String,
    api: Api,
    /// Declared last and dropped last: `api`'s pointers and every handle point into it.
    _library: Library,
}

impl std::fmt::Debug for Voikko {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Voikko")
            .field("description", &self.description)
            .finish_non_exhaustive()
    }
}

impl Voikko {
    /// Loads libvoikko from the usual places with the Finnish dictionary, or `None` (logged)
    /// when either is missing, so search falls back to Snowball stems and n-grams.
    pub fn load() -> Option<Voikko> {
        let mut last_error = None;
        for candidate in LIBRARY_CANDIDATES {
            match Voikko::load_from(candidate) {
                Ok(voikko) => {
                    tracing::info!(
                        library = candidate,
                        analyser = voikko.description(),
                        "Voikko loaded"
                    );
                    return Some(voikko);
                }
                // A library that loads but cannot start Finnish will not do better elsewhere.
                Err(error @ VoikkoError::Init(_)) => {
                    last_error = Some(error);
                    break;
                }
                Err(error) => last_error = Some(error),
            }
        }
        if let Some(error) = last_error {
            tracing::info!(%error, "Voikko not available; Finnish uses Snowball stems and n-grams");
        }
        None
    }

    /// Loads libvoikko from one file name or path and opens a Finnish handle to check that
    /// the dictionary is there.
    pub fn load_from(path: impl AsRef<Path>) -> Result<Voikko, VoikkoError> {
        // SAFETY: loading runs the library's initialisers. libvoikko's only set up its own
        // C++ statics and register nothing that could unload or clash with us; and we load
        // only a file named or placed like libvoikko.
        let library =
            unsafe { Library::new(path.as_ref().as_os_str()) }.map_err(VoikkoError::Library)?;
        // SAFETY (all `symbol` calls): each type is the exact prototype from voikko.h for that
        // name, and the pointers are used only while `library` stays loaded (see `Api`).
        let api = unsafe {
            Api {
                init: symbol(&library, "voikkoInit")?,
                terminate: symbol(&library, "voikkoTerminate")?,
                analyze_word: symbol(&library, "voikkoAnalyzeWordCstr")?,
                free_analysis: symbol(&library, "voikko_free_mor_analysis")?,
                analysis_value: symbol(&library, "voikko_mor_analysis_value_cstr")?,
                free_value: symbol(&library, "voikko_free_mor_analysis_value_cstr")?,
            }
        };
        // SAFETY: as above; the version is optional so an old library still works.
        let version = unsafe { symbol::<VersionFn>(&library, "voikkoGetVersion") }
            .ok()
            // SAFETY: voikkoGetVersion takes nothing and returns a pointer to a static,
            // NUL-terminated string (or, defensively, null, which `owned_str` handles).
            .and_then(|get_version| unsafe { owned_str(get_version()) });
        let description = match version {
            Some(version) => format!("Voikko {version}"),
            None => "Voikko".to_owned(),
        };
        let voikko = Voikko {
            idle: Mutex::new(Vec::new()),
            lifecycle: Mutex::new(()),
            cache: (0..CACHE_SHARDS)
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
            description,
            api,
            _library: library,
        };
        let first = voikko.open_handle()?;
        lock(&voikko.idle).push(first);
        Ok(voikko)
    }

    /// `Voikko 4.3.1`: the library and its version, for the search page's footer.
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Every reading Voikko knows for `word` (any case), or nothing for an unknown word.
    pub fn analyse(&self, word: &str) -> Vec<Analysis> {
        let word_text = word;
        // A word with NUL cannot be passed to C and is no Finnish word either.
        let Ok(word) = CString::new(word) else {
            return Vec::new();
        };
        let Some(handle) = self.checkout() else {
            return Vec::new();
        };
        // SAFETY: the handle is live and ours alone until `handle` drops; `word` is a valid
        // NUL-terminated UTF-8 string, as voikkoAnalyzeWordCstr requires.
        let list = unsafe { (self.api.analyze_word)(handle.raw(), word.as_ptr()) };
        if list.is_null() {
            return Vec::new();
        }
        let mut analyses = Vec::new();
        for index in 0.. {
            // SAFETY: `list` is a NULL-terminated array of analyses; we stop at the first
            // null, so `index` never passes the terminator.
            let analysis = unsafe { *list.add(index) };
            if analysis.is_null() {
                break;
            }
            let Some(base_form) = self.value(analysis, c"BASEFORM") else {
                continue;
            };
            let mut parts = self
                .value(analysis, c"WORDBASES")
                .map(|bases| parse_word_bases(&bases))
                .unwrap_or_default();
            let heads = self
                .value(analysis, c"STRUCTURE")
                .map(|structure| compound_heads(word_text, &base_form, &structure))
                .unwrap_or_default();
            for head in &heads {
                word_bases::push_unique(&mut parts, head.clone());
            }
            analyses.push(Analysis {
                base_form,
                parts,
                heads,
            });
        }
        // SAFETY: `list` came from voikkoAnalyzeWordCstr and is freed exactly once, after
        // the last read of its analyses (the values were copied into Rust strings).
        unsafe { (self.api.free_analysis)(list) };
        analyses
    }

    /// One key of an analysis as a Rust string; `None` when absent or not UTF-8.
    fn value(&self, analysis: *mut RawAnalysis, key: &CStr) -> Option<String> {
        // SAFETY: `analysis` is an element of a live list from voikkoAnalyzeWordCstr and
        // `key` is NUL-terminated. The result is null or a fresh string we must free.
        let raw = unsafe { (self.api.analysis_value)(analysis, key.as_ptr()) };
        if raw.is_null() {
            return None;
        }
        // SAFETY: `raw` is a non-null NUL-terminated string owned by us until freed below.
        let value = unsafe { owned_str(raw) };
        // SAFETY: `raw` came from voikko_mor_analysis_value_cstr and is freed once, with the
        // function voikko.h names for it, after `owned_str` copied it.
        unsafe { (self.api.free_value)(raw) };
        value
    }

    /// The base forms and compound parts of `word` (a lower-cased token), remembered.
    pub fn expand_word(&self, word: &str) -> Arc<Expansion> {
        self.expansion(word)
    }

    /// The lower-cased words to index for `word` (a lower-cased token), remembered.
    fn expansion(&self, word: &str) -> Arc<Expansion> {
        let shard = &self.cache[shard_of(word)];
        if let Some(found) = lock(shard).get(word) {
            return Arc::clone(found);
        }
        let expansion = Arc::new(expand(&self.analyse(word)));
        let mut shard = lock(shard);
        if shard.len() >= CACHE_SHARD_CAPACITY {
            shard.clear();
        }
        shard.insert(word.into(), Arc::clone(&expansion));
        expansion
    }

    fn checkout(&self) -> Option<PooledHandle<'_>> {
        let reused = lock(&self.idle).pop();
        let handle = match reused {
            Some(handle) => handle,
            None => match self.open_handle() {
                Ok(handle) => handle,
                Err(error) => {
                    tracing::warn!(%error, "could not open another Voikko handle");
                    return None;
                }
            },
        };
        Some(PooledHandle {
            voikko: self,
            handle: Some(handle),
        })
    }

    fn open_handle(&self) -> Result<Handle, VoikkoError> {
        let _lifecycle = lock(&self.lifecycle);
        let mut error: *const c_char = ptr::null();
        // SAFETY: `error` is a valid out-pointer, "fi" is NUL-terminated and a null path
        // means the standard dictionary locations, all as voikko.h documents.
        let raw = unsafe { (self.api.init)(&mut error, c"fi".as_ptr(), ptr::null()) };
        match NonNull::new(raw) {
            Some(handle) => Ok(Handle(handle)),
            None => {
                // SAFETY: on failure `error` is null or points to a static NUL-terminated
                // message owned by the library, which we copy and do not free.
                let message = unsafe { owned_str(error) };
                Err(VoikkoError::Init(
                    message.unwrap_or_else(|| "unknown error".to_owned()),
                ))
            }
        }
    }

    fn close_handle(&self, handle: Handle) {
        let _lifecycle = lock(&self.lifecycle);
        // SAFETY: the handle came from voikkoInit, is not in use (we own it by value) and is
        // terminated exactly once, since `Handle` is not Clone and is consumed here.
        unsafe { (self.api.terminate)(handle.0.as_ptr()) };
    }
}

impl Drop for Voikko {
    fn drop(&mut self) {
        // Runs before the fields drop, so the library is still loaded. Handles on loan cannot
        // exist: they borrow `self`.
        let handles = std::mem::take(&mut *lock(&self.idle));
        for handle in handles {
            self.close_handle(handle);
        }
    }
}

/// A handle on loan to one caller, back in the pool when dropped (even on panic).
struct PooledHandle<'a> {
    voikko: &'a Voikko,
    handle: Option<Handle>,
}

impl PooledHandle<'_> {
    fn raw(&self) -> *mut RawHandle {
        self.handle
            .as_ref()
            .map_or(ptr::null_mut(), |handle| handle.0.as_ptr())
    }
}

impl Drop for PooledHandle<'_> {
    fn drop(&mut self) {
        let Some(handle) = self.handle.take() else {
            return;
        };
        let mut idle = lock(&self.voikko.idle);
        if idle.len() < MAX_IDLE_HANDLES {
            idle.push(handle);
        } else {
            drop(idle);
            self.voikko.close_handle(handle);
        }
    }
}

/// Looks up one function of the library.
///
/// # Safety
/// `F` must be the function pointer type of `name`'s C prototype, and the result must not be
/// called after `library` is unloaded.
unsafe fn symbol<F: Copy>(library: &Library, name: &'static str) -> Result<F, VoikkoError> {
    // SAFETY: forwarded to the caller, see above.
    unsafe { library.get::<F>(name.as_bytes()) }
        .map(|symbol| *symbol)
        .map_err(|source| VoikkoError::Symbol { name, source })
}

/// Copies a C string, or `None` when it is null or not valid UTF-8.
///
/// # Safety
/// `raw` must be null or point to a NUL-terminated string that stays valid during the call.
unsafe fn owned_str(raw: *const c_char) -> Option<String> {
    if raw.is_null() {
        return None;
    }
    // SAFETY: non-null and NUL-terminated by the caller's promise.
    let text = unsafe { CStr::from_ptr(raw) };
    text.to_str().ok().map(str::to_owned)
}

/// Locks a mutex, carrying on after a panic elsewhere: the data (idle handles, a cache) stays
/// consistent whatever point a panicking thread reached.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn shard_of(word: &str) -> usize {
    // FNV-1a: quick, and good enough to spread words over a few shards.
    let hash = word.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    (hash % CACHE_SHARDS as u64) as usize
}

/// Which analyser handles Finnish: `Voikko 4.3.1`, or `Snowball + n-grams` without it.
pub fn analyser_description(voikko: Option<&Voikko>) -> &str {
    voikko.map_or(FALLBACK_DESCRIPTION, Voikko::description)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    /// Voikko as installed, or as found at `TEST_VOIKKO_PATH` (set it to a missing file
    /// to run these tests as on a machine without Voikko). `None` prints why tests skip, unless
    /// `TEST_REQUIRE_VOIKKO` is set (as in CI), where a missing Voikko fails the test.
    fn installed(test: &str) -> Option<Arc<Voikko>> {
        let voikko = match std::env::var_os("TEST_VOIKKO_PATH") {
            Some(path) => Voikko::load_from(path).ok(),
            None => Voikko::load(),
        };
        if voikko.is_none() && std::env::var_os("TEST_REQUIRE_VOIKKO").is_some() {
            panic!("{test}: TEST_REQUIRE_VOIKKO is set but Voikko did not load");
        }
        if voikko.is_none() {
            eprintln!(
                "skipped {test}: Voikko is not installed \
                 (apt-get install -y libvoikko1 voikko-fi)"
            );
        }
        voikko.map(Arc::new)
    }

    fn tokens(filter: VoikkoFilter, text: &str) -> Vec<(String, usize)> {
        let mut analyzer = TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(filter)
            .build();
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while let Some(token) = stream.next() {
            out.push((token.text.clone(), token.position));
        }
        out
    }

    fn words(voikko: &Arc<Voikko>, text: &str) -> Vec<String> {
        tokens(VoikkoFilter::new(Arc::clone(voikko)), text)
            .into_iter()
            .map(|(word, _)| word)
            .collect()
    }

    #[test]
    fn a_missing_library_is_an_error_and_the_footer_names_the_fallback() {
        let error = Voikko::load_from("/nonexistent/libvoikko.so.1").unwrap_err();
        assert!(matches!(error, VoikkoError::Library(_)), "{error}");
        assert_eq!(analyser_description(None), "Snowball + n-grams");
    }

    #[test]
    fn the_footer_names_voikko_and_its_version() {
        let Some(voikko) = installed("the_footer_names_voikko_and_its_version") else {
            return;
        };
        let description = analyser_description(Some(&voikko));
        assert!(description.starts_with("Voikko "), "{description}");
        assert!(
            description[7..].starts_with(|c: char| c.is_ascii_digit()),
            "{description}"
        );
    }

    #[test]
    fn voikko_gives_the_base_form_of_an_inflected_word() {
        let Some(voikko) = installed("voikko_gives_the_base_form_of_an_inflected_word") else {
            return;
        };
        let analyses = voikko.analyse("asiakkaiden");
        assert!(
            analyses
                .iter()
                .any(|analysis| analysis.base_form == "asiakas"),
            "{analyses:?}"
        );
        assert_eq!(words(&voikko, "asiakkaiden"), ["asiakas"]);
        assert_eq!(words(&voikko, "Asiakkaalle"), ["asiakas"]);
    }

    #[test]
    fn voikko_splits_a_compound_into_its_parts() {
        let Some(voikko) = installed("voikko_splits_a_compound_into_its_parts") else {
            return;
        };
        assert_eq!(
            words(&voikko, "asiakaspalvelussa"),
            ["asiakaspalvelu", "asiakas", "palvelu"]
        );
        let verkkopalvelun = words(&voikko, "verkkopalvelun");
        assert!(
            verkkopalvelun.contains(&"palvelu".to_owned()),
            "{verkkopalvelun:?}"
        );
        assert!(
            verkkopalvelun.contains(&"verkkopalvelu".to_owned()),
            "{verkkopalvelun:?}"
        );
    }

    #[test]
    fn voikko_outputs_share_the_word_position() {
        let Some(voikko) = installed("voikko_outputs_share_the_word_position") else {
            return;
        };
        let filter = VoikkoFilter::new(Arc::clone(&voikko));
        assert_eq!(
            tokens(filter, "Nopea asiakaspalvelu"),
            [
                ("nopea".to_owned(), 0),
                ("asiakaspalvelu".to_owned(), 1),
                ("asiakas".to_owned(), 1),
                ("palvelu".to_owned(), 1),
            ]
        );
    }

    #[test]
    fn an_unknown_word_passes_through_unchanged() {
        let Some(voikko) = installed("an_unknown_word_passes_through_unchanged") else {
            return;
        };
        assert!(voikko.analyse("qxzvuorkh").is_empty());
        assert_eq!(words(&voikko, "qxzvuorkh ab12cd"), ["qxzvuorkh", "ab12cd"]);
    }

    #[test]
    fn the_filter_can_keep_the_word_and_leave_out_parts() {
        let Some(voikko) = installed("the_filter_can_keep_the_word_and_leave_out_parts") else {
            return;
        };
        let filter = VoikkoFilter::new(Arc::clone(&voikko))
            .keep_original(true)
            .compound_parts(false);
        let out: Vec<String> = tokens(filter, "asiakaspalvelussa")
            .into_iter()
            .map(|(word, _)| word)
            .collect();
        assert_eq!(out, ["asiakaspalvelussa", "asiakaspalvelu"]);
    }

    #[test]
    fn voikko_answers_from_many_threads_at_once() {
        let Some(voikko) = installed("voikko_answers_from_many_threads_at_once") else {
            return;
        };
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    for _ in 0..200 {
                        let analyses = voikko.analyse("asiakaspalvelussa");
                        assert_eq!(analyses[0].parts, ["asiakas", "palvelu"]);
                    }
                });
            }
        });
    }
}
