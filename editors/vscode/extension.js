// The copylint extension: starts `copylint lsp` for Markdown, plain-text and HTML
// documents. Everything else (diagnostics, quick fixes, "fix all", settings from
// .copylint.yaml) is the language server's.
"use strict";
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

exports.activate = async (context) => {
  const settings = vscode.workspace.getConfiguration("copylint");
  const server = { command: settings.get("path", "copylint"), args: ["lsp"] };
  client = new LanguageClient(
    "copylint",
    "copylint",
    { run: server, debug: server },
    {
      documentSelector: ["markdown", "plaintext", "html"].map((language) => ({
        scheme: "file",
        language,
      })),
      initializationOptions: {
        lexicons: settings.get("lexicons", []),
        noDefaultLexicon: settings.get("noDefaultLexicon", false),
      },
      synchronize: {
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{yaml,yml}"),
      },
    },
  );
  context.subscriptions.push(client);
  await client.start();
};

exports.deactivate = () => client && client.stop();
