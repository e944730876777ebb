// paygraph explorer: mounts GraphiQL (served from this gateway, no CDN) against /graphql
// (subscriptions over WebSocket at the same path).
// Configuration comes from the page's JSON data block (#paygraph-explorer-config), which the
// gateway fills in: in demo mode an example operation, its variables and the demo API key header.
(function () {
  'use strict';

  var configElement = document.getElementById('paygraph-explorer-config');
  var config = JSON.parse((configElement && configElement.textContent) || '{}');
  var root = document.getElementById('graphiql');

  if (!window.React || !window.ReactDOM || !window.GraphiQL) {
    root.textContent = 'The explorer assets did not load (React, ReactDOM or GraphiQL missing).';
    return;
  }

  // Same origin: the endpoint is a path, so the page works behind any host name or proxy.
  // Subscriptions go over WebSocket to the same path (graphql-ws, bundled in GraphiQL); GraphiQL
  // sends the Headers editor's contents as the connection parameters (the API key).
  var endpoint = config.endpoint || '/graphql';
  var wsEndpoint = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + endpoint;
  var fetcher = window.GraphiQL.createFetcher({ url: endpoint, subscriptionUrl: wsEndpoint });

  var props = {
    fetcher: fetcher,
    // Never keep API keys in the browser's storage.
    shouldPersistHeaders: false,
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: config.editorTools || true,
  };
  if (config.query) props.query = config.query;
  if (config.variables) props.variables = config.variables;
  if (config.headers) props.headers = config.headers;
  if (config.defaultQuery) props.defaultQuery = config.defaultQuery;
  if (config.defaultHeaders) props.defaultHeaders = config.defaultHeaders;
  if (config.tabs) props.defaultTabs = config.tabs;

  root.textContent = '';
  window.ReactDOM.createRoot(root).render(window.React.createElement(window.GraphiQL, props));
})();
