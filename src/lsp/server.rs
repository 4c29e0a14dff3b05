//! The server proper: one loop that takes the client's messages in order, keeps the open
//! documents, and answers with diagnostics and code actions. Every handler is registered
//! in [`Server::on_request`] and [`Server::on_notification`].
//!
//! Protocol work only: what a document's findings are is [`super::lint::located`]'s
//! answer, converted by [`to_lsp`], the conversion `--format lsp` uses. Diagnostics are
//! published once the client's queued messages are handled, so a burst of keystrokes is
//! linted once.
//!
//! Why one module of this size: one handler per protocol message, in the order the protocol
//! lists them; the linting itself is in [`super::lint`].

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, LogMessage, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, MessageType, PositionEncodingKind, Registration, RegistrationParams,
    SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind,
    TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::actions::{self, FIX_ALL};
use super::documents::Document;
use super::lint::{self, Located, settings_diagnostic};
use super::settings::{Defaults, InitializationOptions, SettingsCache};
use super::transport::MALFORMED;
use crate::render::lsp::to_lsp;

pub use super::lint::SETTINGS_CODE;

/// At most this many queued messages are handled before diagnostics are published.
const BATCH: usize = 64;

/// Runs the server on `connection` until the client says `exit` or hangs up. Returns
/// whether it ended as the protocol asks (`shutdown`, then `exit`).
pub fn run(connection: &Connection, defaults: Defaults) -> bool {
    let mut server = Server::new(connection, defaults);
    while let Ok(message) = connection.receiver.recv() {
        let mut flow = server.handle(message);
        for _ in 0..BATCH {
            if flow == Flow::Exit {
                break;
            }
            match connection.receiver.try_recv() {
                Ok(message) => flow = server.handle(message),
                Err(_) => break,
            }
        }
        server.publish_dirty();
        if flow == Flow::Exit {
            return server.state == State::ShuttingDown;
        }
        if server.disconnected {
            break;
        }
    }
    false
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Continue,
    Exit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for `initialize`.
    Uninitialized,
    Running,
    /// `shutdown` was answered; only `exit` is left.
    ShuttingDown,
}

struct Server<'c> {
    connection: &'c Connection,
    state: State,
    defaults: Defaults,
    settings: SettingsCache,
    documents: BTreeMap<Uri, Document>,
    /// Documents whose diagnostics must be published again.
    dirty: BTreeSet<Uri>,
    /// The folder of documents that are not files, and of relative lexicon paths.
    root: Option<PathBuf>,
    /// Whether the client can watch files for us.
    can_watch_files: bool,
    /// The last settings error shown with `window/showMessage`, not to repeat it.
    shown_error: Option<String>,
    next_request: i32,
    /// The client's end is gone: nothing more can be sent.
    disconnected: bool,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, defaults: Defaults) -> Self {
        Server {
            connection,
            state: State::Uninitialized,
            settings: SettingsCache::new(defaults.clone()),
            defaults,
            documents: BTreeMap::new(),
            dirty: BTreeSet::new(),
            root: None,
            can_watch_files: false,
            shown_error: None,
            next_request: 0,
            disconnected: false,
        }
    }

    /// Handles one message; a panic in a handler is reported, never fatal.
    fn handle(&mut self, message: Message) -> Flow {
        let request = match &message {
            Message::Request(r) => Some((r.id.clone(), r.method.clone())),
            _ => None,
        };
        match catch_unwind(AssertUnwindSafe(|| self.dispatch(message))) {
            Ok(flow) => flow,
            Err(panic) => {
                let what = panic_text(&*panic);
                if let Some((id, method)) = request {
                    self.respond_error(
                        id,
                        ErrorCode::InternalError,
                        format!("copylint failed on {method}: {what}"),
                    );
                }
                self.log(
                    MessageType::ERROR,
                    format!("copylint internal error: {what}"),
                );
                Flow::Continue
            }
        }
    }

    fn dispatch(&mut self, message: Message) -> Flow {
        match message {
            Message::Request(request) => {
                self.on_request(request);
                Flow::Continue
            }
            Message::Notification(notification) => self.on_notification(notification),
            Message::Response(response) => {
                if let Err(err) = response.response_result {
                    self.log(
                        MessageType::WARNING,
                        format!("the client refused a request: {}", err.message),
                    );
                }
                Flow::Continue
            }
        }
    }

    fn on_request(&mut self, request: Request) {
        let id = request.id.clone();
        match (self.state, request.method.as_str()) {
            (State::Uninitialized, "initialize") => self.initialize(request),
            (State::Uninitialized, _) => self.respond_error(
                id,
                ErrorCode::ServerNotInitialized,
                "the server is not initialized yet".into(),
            ),
            (State::ShuttingDown, _) => self.respond_error(
                id,
                ErrorCode::InvalidRequest,
                "the server is shutting down".into(),
            ),
            (State::Running, "initialize") => self.respond_error(
                id,
                ErrorCode::InvalidRequest,
                "the server is already initialized".into(),
            ),
            (State::Running, "shutdown") => {
                self.state = State::ShuttingDown;
                self.respond(id, ());
            }
            (State::Running, CodeActionRequest::METHOD) => {
                if let Some(params) = self.params::<lsp_types::CodeActionParams>(&request) {
                    let actions = self.code_actions(params);
                    self.respond(id, actions);
                }
            }
            (State::Running, method) => self.respond_error(
                id,
                ErrorCode::MethodNotFound,
                format!("copylint does not handle {method}"),
            ),
        }
    }

    fn on_notification(&mut self, notification: Notification) -> Flow {
        let method = notification.method.as_str();
        if method == "exit" {
            return Flow::Exit;
        }
        if method == MALFORMED {
            let reason = notification.params.as_str().unwrap_or("unreadable");
            self.log(
                MessageType::WARNING,
                format!("copylint skipped a malformed message: {reason}"),
            );
            return Flow::Continue;
        }
        if self.state != State::Running {
            // Before `initialize` and after `shutdown`, notifications are dropped.
            return Flow::Continue;
        }
        match method {
            "initialized" => self.register_watchers(),
            DidOpenTextDocument::METHOD => {
                if let Some(p) =
                    self.notification_params::<lsp_types::DidOpenTextDocumentParams>(&notification)
                {
                    self.did_open(p);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = self
                    .notification_params::<lsp_types::DidChangeTextDocumentParams>(&notification)
                {
                    self.did_change(p);
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Some(p) =
                    self.notification_params::<lsp_types::DidSaveTextDocumentParams>(&notification)
                {
                    self.did_save(p);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) =
                    self.notification_params::<lsp_types::DidCloseTextDocumentParams>(&notification)
                {
                    self.did_close(p);
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(p) = self
                    .notification_params::<lsp_types::DidChangeWatchedFilesParams>(&notification)
                    && p.changes.iter().any(|c| is_settings_file(c.uri.as_str()))
                {
                    self.reload_settings();
                }
            }
            // Anything else ($/cancelRequest, $/setTrace, didChangeConfiguration, ...)
            // needs nothing from copylint.
            _ => {}
        }
        Flow::Continue
    }

    fn initialize(&mut self, request: Request) {
        let Some(params) = self.params::<InitializeParams>(&request) else {
            return;
        };
        #[allow(deprecated)] // root_uri: older clients send only this
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.clone())
            .or(params.root_uri)
            .and_then(|uri| crate::uri::to_path(uri.as_str()));
        let options = match params.initialization_options {
            None | Some(serde_json::Value::Null) => InitializationOptions::default(),
            Some(value) => serde_json::from_value(value).unwrap_or_else(|err| {
                self.show(
                    MessageType::WARNING,
                    format!("copylint ignored its initializationOptions: {err}"),
                );
                InitializationOptions::default()
            }),
        };
        let mut defaults = self.defaults.clone();
        defaults.extend(options, root.clone());
        self.settings.set_defaults(defaults);
        self.root = root;
        self.can_watch_files = params
            .capabilities
            .workspace
            .and_then(|w| w.did_change_watched_files)
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let result = InitializeResult {
            capabilities: capabilities(),
            server_info: Some(ServerInfo {
                name: "copylint".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        self.state = State::Running;
        self.respond(request.id, result);
    }

    /// Asks the client to report changes to lexicon files (when it can watch files).
    fn register_watchers(&mut self) {
        if !self.can_watch_files {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: ["**/*.yaml", "**/*.yml"]
                .into_iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob.into()),
                    kind: None,
                })
                .collect(),
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "copylint-lexicons".into(),
                method: DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.next_request += 1;
        let request = Request::new(
            RequestId::from(format!("copylint-{}", self.next_request)),
            RegisterCapability::METHOD.into(),
            params,
        );
        self.send(request.into());
    }

    fn did_open(&mut self, params: lsp_types::DidOpenTextDocumentParams) {
        let item = params.text_document;
        let path = crate::uri::to_path(item.uri.as_str());
        let document = Document::new(item.text, item.version, &item.language_id, path);
        if self.settings.forget_changed() {
            self.mark_all_dirty();
        }
        self.documents.insert(item.uri.clone(), document);
        self.dirty.insert(item.uri);
    }

    fn did_change(&mut self, params: lsp_types::DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let Some(document) = self.documents.get_mut(&uri) else {
            self.log(
                MessageType::WARNING,
                format!("ignored a change to {}, which is not open", uri.as_str()),
            );
            return;
        };
        let mut clamped = false;
        for change in params.content_changes {
            clamped |= document.apply(change).is_err();
        }
        document.version = params.text_document.version;
        if clamped {
            self.log(
                MessageType::WARNING,
                format!(
                    "an edit to {} was out of range and was clamped to the text",
                    uri.as_str()
                ),
            );
        }
        self.dirty.insert(uri);
    }

    fn did_save(&mut self, params: lsp_types::DidSaveTextDocumentParams) {
        let uri = params.text_document.uri;
        if is_settings_file(uri.as_str()) {
            self.reload_settings();
        } else if self.settings.forget_changed() {
            self.mark_all_dirty();
        }
        if self.documents.contains_key(&uri) {
            self.dirty.insert(uri);
        }
    }

    fn did_close(&mut self, params: lsp_types::DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        self.documents.remove(&uri);
        self.dirty.remove(&uri);
        self.notify::<PublishDiagnostics>(lsp_types::PublishDiagnosticsParams {
            uri,
            diagnostics: Vec::new(),
            version: None,
        });
    }

    /// Forgets every loaded lexicon and lints every open document again.
    fn reload_settings(&mut self) {
        self.settings.invalidate();
        self.shown_error = None;
        self.mark_all_dirty();
    }

    fn mark_all_dirty(&mut self) {
        self.dirty.extend(self.documents.keys().cloned());
    }

    /// Publishes the diagnostics of every document that changed.
    fn publish_dirty(&mut self) {
        for uri in std::mem::take(&mut self.dirty) {
            let Some(version) = self.documents.get(&uri).map(|d| d.version) else {
                continue;
            };
            let diagnostics = match catch_unwind(AssertUnwindSafe(|| self.lint(&uri))) {
                Ok(diagnostics) => diagnostics,
                Err(panic) => {
                    let what = panic_text(&*panic);
                    self.log(
                        MessageType::ERROR,
                        format!("copylint internal error checking {}: {what}", uri.as_str()),
                    );
                    continue;
                }
            };
            self.notify::<PublishDiagnostics>(lsp_types::PublishDiagnosticsParams {
                uri,
                diagnostics,
                version: Some(version),
            });
        }
    }

    /// The diagnostics of an open document.
    fn lint(&mut self, uri: &Uri) -> Vec<lsp_types::Diagnostic> {
        match self.located(uri) {
            Ok(Some((linter, found))) => found.iter().map(|d| to_lsp(d, linter.engine())).collect(),
            Ok(None) => Vec::new(),
            Err(err) => {
                let report = err.report();
                if self.shown_error.as_deref() != Some(report.as_str()) {
                    self.show(MessageType::ERROR, report.clone());
                    self.shown_error = Some(report.clone());
                }
                vec![settings_diagnostic(&report)]
            }
        }
    }

    /// The findings to show for an open document (see [`super::lint::located`]).
    fn located(&mut self, uri: &Uri) -> Located {
        match self.documents.get_mut(uri) {
            Some(document) => {
                lint::located(&mut self.settings, document, uri, self.root.as_deref())
            }
            None => Ok(None),
        }
    }

    fn code_actions(
        &mut self,
        params: lsp_types::CodeActionParams,
    ) -> lsp_types::CodeActionResponse {
        let uri = params.text_document.uri;
        let located = self.located(&uri);
        let Some(document) = self.documents.get(&uri) else {
            return Vec::new();
        };
        match located {
            Ok(Some((linter, found))) => actions::code_actions(
                &uri,
                &document.text,
                &found,
                linter.engine(),
                params.range,
                params.context.only.as_deref(),
            ),
            _ => Vec::new(),
        }
    }

    /// The params of a request, or an `InvalidParams` answer and `None`.
    fn params<P: DeserializeOwned>(&mut self, request: &Request) -> Option<P> {
        match serde_json::from_value(request.params.clone()) {
            Ok(params) => Some(params),
            Err(err) => {
                self.respond_error(
                    request.id.clone(),
                    ErrorCode::InvalidParams,
                    format!("invalid params for {}: {err}", request.method),
                );
                None
            }
        }
    }

    /// The params of a notification, or a logged warning and `None`.
    fn notification_params<P: DeserializeOwned>(
        &mut self,
        notification: &Notification,
    ) -> Option<P> {
        match serde_json::from_value(notification.params.clone()) {
            Ok(params) => Some(params),
            Err(err) => {
                self.log(
                    MessageType::WARNING,
                    format!("ignored {} with invalid params: {err}", notification.method),
                );
                None
            }
        }
    }

    fn respond(&mut self, id: RequestId, result: impl Serialize) {
        let response = match serde_json::to_value(result) {
            Ok(value) => Response {
                id,
                response_result: Ok(value),
            },
            Err(err) => Response::new_err(id, ErrorCode::InternalError as i32, err.to_string()),
        };
        self.send(response.into());
    }

    fn respond_error(&mut self, id: RequestId, code: ErrorCode, message: String) {
        self.send(Response::new_err(id, code as i32, message).into());
    }

    fn notify<N: lsp_types::notification::Notification>(&mut self, params: N::Params) {
        self.send(Notification::new(N::METHOD.into(), params).into());
    }

    /// A line in the client's log (`window/logMessage`). Messages quote paths and
    /// lexicon text: control characters are written out (see [`crate::escape`]).
    fn log(&mut self, typ: MessageType, message: String) {
        let message = crate::escape::lines(&message).into_owned();
        self.notify::<LogMessage>(lsp_types::LogMessageParams { typ, message });
    }

    /// A message the client shows its user (`window/showMessage`), escaped as in `log`.
    fn show(&mut self, typ: MessageType, message: String) {
        let message = crate::escape::lines(&message).into_owned();
        self.notify::<ShowMessage>(lsp_types::ShowMessageParams { typ, message });
    }

    fn send(&mut self, message: Message) {
        if self.connection.sender.send(message).is_err() {
            self.disconnected = true;
        }
    }
}

/// What the server can do.
fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, CodeActionKind::new(FIX_ALL)]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

/// Whether a change to the file at `uri` can change settings (a lexicon).
fn is_settings_file(uri: &str) -> bool {
    uri.ends_with(".yaml") || uri.ends_with(".yml")
}

/// What a caught panic said.
fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}
