// KLS-webb: Material's inline script from partials/javascripts/base.html, moved to a file so that
// the Content-Security-Policy needs no 'unsafe-inline' (deploy/). Keep in step with Material 9.8.1.
// The scope is the site root: two levels above this file (assets/javascripts/).
__md_scope=new URL("../..",document.currentScript.src),__md_hash=e=>[...e].reduce(((e,_)=>(e<<5)-e+_.charCodeAt(0)),0),__md_get=(e,_=localStorage,t=__md_scope)=>JSON.parse(_.getItem(t.pathname+"."+e)),__md_set=(e,_,t=localStorage,a=__md_scope)=>{try{t.setItem(a.pathname+"."+e,JSON.stringify(_))}catch(e){}}
